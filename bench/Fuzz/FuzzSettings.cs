namespace Supervision.Fuzz;

/// <summary>Bounds of a fuzzing run.</summary>
/// <param name="Duration">Time per target.</param>
/// <param name="MaxLength">Longest input, bytes.</param>
/// <param name="Seed">Random seed (a run is repeatable, bar timing).</param>
/// <param name="CorpusDirectory">Extra seed files, or null.</param>
/// <param name="FindingsDirectory">Where findings are written.</param>
internal sealed record FuzzSettings(TimeSpan Duration, int MaxLength, int Seed, string? CorpusDirectory, string FindingsDirectory)
{
    /// <summary>One input taking longer than this is a hang: the process stops.</summary>
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One input taking longer than this is reported as slow (the machine is shared: generous; <c>--slow-ms</c>).</summary>
    public double SlowMilliseconds { get; init; } = 1000;

    /// <summary>
    /// How many slow inputs are kept (the slowest), each with its time (a slow input is usually the machine's load,
    /// the JIT or a GC: replaying every one with <c>repro</c> tells which is slow by itself).
    /// </summary>
    public int MaxSlowInputs { get; init; } = 100;

    /// <summary>
    /// Most one input may allocate: a parser's allocation must grow with its input, not without bound. The
    /// YAML and JSON loaders build documents, hence the per-byte allowance.
    /// </summary>
    public long AllocationLimit(int inputLength) => (4L << 20) + (1024L * inputLength);
}
