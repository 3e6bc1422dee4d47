namespace Supervision.Collector.Push;

/// <summary>
/// A request's points as the center will store them (line protocol, ms precision, the center's tags), with where each
/// point starts and ends and its series hash, so limits can be applied after parsing without parsing again. Reused:
/// one per request at a time, taken from a pool.
/// </summary>
public sealed class PushedPoints : IDisposable
{
    private PointSpan[] _spans = ArrayPool<PointSpan>.Shared.Rent(1024);

    /// <summary>The output lines.</summary>
    public LineProtocolBuilder Lines { get; } = new(256 * 1024);

    /// <summary>Points written.</summary>
    public int Count { get; private set; }

    /// <summary>Lines of the body refused (bad syntax, values InfluxDB would refuse, a limit), first ones kept in <see cref="Errors"/>.</summary>
    public int Rejected { get; private set; }

    /// <summary>The first errors, each naming its line (at most <see cref="MaxErrorsKept"/>).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Samples left out on purpose (NaN and infinite values, the store policy), counted, never an error.</summary>
    public int Skipped { get; set; }

    /// <summary>How many error messages are kept for the answer.</summary>
    public const int MaxErrorsKept = 10;

    /// <summary>The span of point <paramref name="i"/>.</summary>
    public ref readonly PointSpan this[int i] => ref _spans[i];

    /// <summary>Empties for the next request.</summary>
    public void Clear()
    {
        Lines.Clear();
        Count = 0;
        Rejected = 0;
        Skipped = 0;
        Errors.Clear();
    }

    /// <summary>Records the point just written from <paramref name="start"/> to the end of <see cref="Lines"/>.</summary>
    public void Add(int start, ulong seriesHash, int line)
    {
        if (Count == _spans.Length)
        {
            var bigger = ArrayPool<PointSpan>.Shared.Rent(_spans.Length * 2);
            _spans.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<PointSpan>.Shared.Return(_spans);
            _spans = bigger;
        }

        _spans[Count++] = new PointSpan(start, Lines.Length, seriesHash, line);
    }

    /// <summary>Counts a refused line; keeps its message when there is room.</summary>
    public void Reject(string error)
    {
        Rejected++;
        if (Errors.Count < MaxErrorsKept)
        {
            Errors.Add(error);
        }
    }

    /// <summary>The errors for an answer: the first ones, and how many more.</summary>
    public string DescribeErrors() =>
        string.Join("; ", Errors) + (Rejected > Errors.Count ? $"; and {Rejected - Errors.Count} more" : string.Empty);

    /// <summary>FNV-1a, 64 bits: the series identity for the cardinality limit (in-process only).</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <inheritdoc />
    public void Dispose() => ArrayPool<PointSpan>.Shared.Return(_spans);
}

/// <summary>One point of <see cref="PushedPoints.Lines"/>: its bytes, its series and where it came from (body line, or sample of remote_write).</summary>
public readonly record struct PointSpan(int Start, int End, ulong SeriesHash, int Line);
