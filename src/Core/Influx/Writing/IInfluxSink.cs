namespace Supervision.Core.Influx.Writing;

/// <summary>Posts a line-protocol body to InfluxDB.</summary>
public interface IInfluxSink
{
    /// <summary>Writes the body; throws <see cref="Core.Influx.InfluxException"/> when InfluxDB refuses or cannot be reached.</summary>
    Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}
