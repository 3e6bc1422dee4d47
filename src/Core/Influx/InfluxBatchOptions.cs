using System.ComponentModel.DataAnnotations;

namespace Supervision.Core.Influx;

/// <summary>
/// Limits of an <see cref="InfluxBatchWriter"/> (docs/storage.md, "Batching writer"). A batch is sent when it
/// holds <see cref="MaxBatchPoints"/> points or <see cref="MaxBatchBytes"/> bytes, or when its first point has
/// waited <see cref="FlushInterval"/>, whichever comes first.
/// </summary>
public sealed class InfluxBatchOptions
{
    /// <summary>Points per batch before it is sent (default 5,000, InfluxDB's recommended batch size).</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchPoints { get; set; } = 5_000;

    /// <summary>Uncompressed bytes per batch before it is sent (default 1 MiB); also the size of each pooled buffer.</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest a point waits in a partly filled batch (default 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Cap on memory held for points not yet written (default 32 MiB): filling, queued and in-flight batches
    /// together. At the cap <see cref="InfluxBatchWriter.AppendAsync(ReadOnlyMemory{byte}, int, CancellationToken)"/>
    /// waits for a batch to finish and <see cref="InfluxBatchWriter.TryAppend(ReadOnlySpan{byte}, int)"/> refuses.
    /// Must hold at least two batches.
    /// </summary>
    [Range(2_048, long.MaxValue)]
    public long MaxBufferedBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Batches sent at the same time (default 2).</summary>
    [Range(1, 64)]
    public int MaxConcurrentWrites { get; set; } = 2;

    /// <summary>Extra attempts for a batch that failed with a transient error (unreachable, timeout, 5xx, database not found); default 3.</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait before the first retry, doubled for each further one (default 200 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Precision of the timestamps in the appended points (default milliseconds).</summary>
    public InfluxPrecision Precision { get; set; } = InfluxPrecision.Milliseconds;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException($"InfluxBatchOptions: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }

        if (MaxBufferedBytes < 2L * MaxBatchBytes)
        {
            throw new ArgumentException($"InfluxBatchOptions: MaxBufferedBytes ({MaxBufferedBytes}) must hold at least two batches of MaxBatchBytes ({MaxBatchBytes})");
        }
    }
}
