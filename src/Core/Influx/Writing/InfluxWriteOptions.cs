namespace Supervision.Core.Influx.Writing;

/// <summary>
/// How an <see cref="InfluxWriter"/> batches and sends (the collector binds it as <c>Collector:Write</c>; where the
/// batches go is the <see cref="InfluxOptions"/> beside it). A batch is sealed when it holds <see cref="BatchPoints"/>
/// points or <see cref="BatchBytes"/> bytes, or when its first point has waited <see cref="FlushInterval"/>.
/// </summary>
public sealed class InfluxWriteOptions
{
    /// <summary>Points per batch (default 5,000, InfluxDB's recommendation).</summary>
    [Range(1, 1_000_000)]
    public int BatchPoints { get; set; } = 5000;

    /// <summary>
    /// Uncompressed bytes per batch (default 8 MiB, far above 5,000 scrape points: a cap for very long lines, below
    /// InfluxDB's default 25 MB body limit). A server with a lower limit answers 413 and gets the batch in halves.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int BatchBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Longest a point waits in a partial batch (default 1 s).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Batches sent at once to each server (default 4): one request at a time caps throughput at batch size ÷ write
    /// latency, far below a national fleet's rate when InfluxDB answers in hundreds of milliseconds.
    /// </summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// Sealed batches each server keeps in memory for its senders (default 32). Beyond it, that server's spill loop
    /// moves the oldest to its disk buffer; appending never waits for the disk. A backlog of twice this many (the spill
    /// loop not keeping up with the disk) drops the newest batch, counted and logged.
    /// </summary>
    [Range(1, 10_000)]
    public int QueueBatches { get; set; } = 32;

    /// <summary>Every problem the annotations cannot express, each naming its key under <paramref name="section"/> (e.g. <c>Collector:Write</c>).</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (FlushInterval <= TimeSpan.Zero)
        {
            yield return $"{section}:FlushInterval: must be positive (is {FlushInterval})";
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming every setting out of range (annotations and <see cref="Validate"/>).</summary>
    internal void ThrowIfInvalid(string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var failures = results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").Concat(Validate(section)).ToList();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", failures));
        }
    }
}
