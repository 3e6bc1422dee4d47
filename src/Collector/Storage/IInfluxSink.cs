namespace Supervision.Collector.Storage;

/// <summary>Posts a line-protocol body to InfluxDB.</summary>
public interface IInfluxSink
{
    /// <summary>Writes the body; throws <see cref="InfluxWriteException"/> when InfluxDB refuses or cannot be reached.</summary>
    Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

/// <summary>A write InfluxDB did not take.</summary>
public sealed class InfluxWriteException : Exception
{
    /// <summary>Creates the error.</summary>
    public InfluxWriteException(string message, bool isTransient, int statusCode = 0, Exception? inner = null)
        : base(message, inner)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    /// <summary>Creates the error.</summary>
    public InfluxWriteException()
    {
    }

    /// <summary>Creates the error.</summary>
    public InfluxWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public InfluxWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when retrying later may succeed (down, timeout, 5xx); false for a rejected body.</summary>
    public bool IsTransient { get; }

    /// <summary>HTTP status, or 0 when no answer came.</summary>
    public int StatusCode { get; }
}
