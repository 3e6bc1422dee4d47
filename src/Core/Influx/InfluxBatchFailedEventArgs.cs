namespace Supervision.Core.Influx;

/// <summary>A batch that finally failed: its error (InfluxDB's message), its points and its body.</summary>
/// <param name="error">The typed error.</param>
/// <param name="points">Points in the body.</param>
/// <param name="failedPoints">Points not written (fewer than <paramref name="points"/> for a partial write).</param>
/// <param name="body">The uncompressed line protocol, valid only during the handler.</param>
public sealed class InfluxBatchFailedEventArgs(InfluxException error, int points, long failedPoints, ReadOnlyMemory<byte> body) : EventArgs
{
    /// <summary>The typed error carrying InfluxDB's message.</summary>
    public InfluxException Error { get; } = error;

    /// <summary>Points in the body.</summary>
    public int Points { get; } = points;

    /// <summary>Points not written.</summary>
    public long FailedPoints { get; } = failedPoints;

    /// <summary>The uncompressed body; its buffer returns to the pool after the handler, so copy it to keep it.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;
}
