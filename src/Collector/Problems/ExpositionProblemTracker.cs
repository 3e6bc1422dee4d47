namespace Supervision.Collector.Problems;

/// <summary>
/// Keeps, per target, the exposition rules its last scrape broke (tolerated or fatal) and the samples
/// InfluxDB would have refused, each with an example line, so the system's owner can be told exactly what
/// to fix; counts them per target and rule, and logs when a target starts or stops breaking a rule.
/// </summary>
/// <remarks>
/// A clean target costs one dictionary probe per scrape; examples are copied only when they change.
/// Memory is bounded by targets × rules (a closed set) × one example of at most 200 characters.
/// </remarks>
public sealed partial class ExpositionProblemTracker(CollectorMetrics metrics, TimeProvider time, ILogger<ExpositionProblemTracker> logger)
{
    private const int MaxExampleChars = 200;

    /// <summary>Problems of targets not scraped for this long (removed from the inventory) are forgotten.</summary>
    private static readonly TimeSpan Forget = TimeSpan.FromHours(1);

    private static readonly string[] UnstorableIds = Enum.GetValues<LineProtocolPart>().Select(PartId).ToArray();

    private readonly ConcurrentDictionary<string, Entry> _targets = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>
    /// Changes when the list would read differently beyond its counts and times: a rule appeared or cleared, an
    /// example or the fatal flag changed. The Dashboard is sent the list again when this moved.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    private sealed class Entry(Target target)
    {
        public Target Target { get; } = target;

        public Dictionary<string, Slot> Rules { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Slot
    {
        public bool Fatal;
        public int Count;
        public long Total;
        public int Line;
        public string Example = string.Empty;
        public DateTimeOffset FirstSeen;
        public DateTimeOffset LastSeen;
        public bool Seen;
    }

    /// <summary>The rule id of samples refused for <paramref name="part"/>: <c>unstorable-tag-key</c>.</summary>
    public static string UnstorableRule(LineProtocolPart part) => UnstorableIds[(int)part];

    /// <summary>
    /// Takes in what a scrape of <paramref name="target"/> found in <paramref name="work"/>. Call only when the
    /// metrics body was fetched (a failed fetch says nothing about the exposition).
    /// </summary>
    public void Observe(Target target, ScrapeWorkspace work, DateTimeOffset scrapeTime)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(work);
        var problems = work.Problems;
        var failure = work.Failure;
        var unstorable = failure is null ? work.Points.Unstorable : 0;
        if (!problems.Any && failure is null && unstorable == 0 && !_targets.ContainsKey(target.Id))
        {
            return;
        }

        var entry = _targets.GetOrAdd(target.Id, static (_, t) => new Entry(t), target);
        lock (entry)
        {
            foreach (var slot in entry.Rules.Values)
            {
                slot.Seen = false;
            }

            var text = work.MetricsText;
            if (problems.Any)
            {
                for (var i = 0; i < ExpositionRules.Count; i++)
                {
                    var rule = (ExpositionRule)i;
                    if (problems.Count(rule) is var count && count > 0)
                    {
                        var first = problems.First(rule);
                        var line = text.Slice(first.Start, first.Length);
                        Touch(entry, ExpositionRules.Id(rule), fatal: false, count, first.Line, line, null, scrapeTime);
                    }
                }
            }

            if (failure is { } error)
            {
                var (start, length) = ExpositionProblems.LineAt(text, error.Line);
                Touch(entry, ExpositionRules.Id(error.Rule), fatal: true, 1, error.Line, text.Slice(start, length), null, scrapeTime);
            }

            if (unstorable > 0)
            {
                var first = work.Points.FirstUnstorable;
                Touch(entry, UnstorableRule(first.Part), fatal: false, unstorable, first.Line, first.Name,
                    LineProtocolException.Describe(first.Part, first.Fault), scrapeTime);
            }

            foreach (var (rule, slot) in entry.Rules)
            {
                if (!slot.Seen)
                {
                    entry.Rules.Remove(rule);
                    Interlocked.Increment(ref _version);
                    LogCleared(logger, target.Id, rule);
                }
            }

            if (entry.Rules.Count == 0)
            {
                _targets.TryRemove(target.Id, out _);
            }
        }
    }

    /// <summary>Every target's current problems, by unit, system and rule.</summary>
    public IReadOnlyList<ExpositionProblem> Snapshot()
    {
        var now = time.GetUtcNow();
        var list = new List<ExpositionProblem>();
        foreach (var (id, entry) in _targets)
        {
            lock (entry)
            {
                foreach (var (rule, slot) in entry.Rules)
                {
                    if (now - slot.LastSeen <= Forget)
                    {
                        list.Add(new ExpositionProblem(id, entry.Target.UnitId, entry.Target.System, rule, slot.Fatal, slot.Count, slot.Total,
                            slot.Line, slot.Example, slot.FirstSeen, slot.LastSeen));
                    }
                }
            }
        }

        list.Sort(static (a, b) =>
            string.CompareOrdinal(a.Unit, b.Unit) is var byUnit && byUnit != 0 ? byUnit
            : string.CompareOrdinal(a.System, b.System) is var bySystem && bySystem != 0 ? bySystem
            : string.CompareOrdinal(a.Rule, b.Rule));
        return list;
    }

    private void Touch(Entry entry, string rule, bool fatal, int count, int line, ReadOnlySpan<char> example, string? reason, DateTimeOffset now)
    {
        var target = entry.Target;
        if (example.Length > MaxExampleChars)
        {
            example = example[..MaxExampleChars];
        }

        var isNew = !entry.Rules.TryGetValue(rule, out var slot);
        if (slot is null)
        {
            slot = new Slot { FirstSeen = now };
            entry.Rules[rule] = slot;
        }

        // Copy the example only when it changed: a target breaking a rule every scrape allocates nothing.
        var expected = reason is null ? example.Length : example.Length + 2 + reason.Length;
        if (isNew || slot.Line != line || slot.Example.Length != expected || !slot.Example.AsSpan().StartsWith(example) || slot.Fatal != fatal)
        {
            slot.Example = reason is null ? example.ToString() : string.Concat(example, ": ", reason);
            Interlocked.Increment(ref _version);
        }

        slot.Fatal = fatal;
        slot.Count = count;
        slot.Total += count;
        slot.Line = line;
        slot.LastSeen = now;
        slot.Seen = true;
        if (reason is null)
        {
            metrics.ExpositionProblems.WithLabels(target.UnitId, target.System, rule).Inc(count);
        }
        else
        {
            metrics.Unstorable.WithLabels(target.UnitId, target.System, rule["unstorable-".Length..]).Inc(count);
        }

        if (isNew)
        {
            LogFound(logger, target.Id, rule, line, slot.Example);
        }
    }

    private static string PartId(LineProtocolPart part) => part switch
    {
        LineProtocolPart.Measurement => "unstorable-measurement",
        LineProtocolPart.TagKey => "unstorable-tag-key",
        LineProtocolPart.TagValue => "unstorable-tag-value",
        LineProtocolPart.FieldKey => "unstorable-field-key",
        LineProtocolPart.FieldValue => "unstorable-field-value",
        LineProtocolPart.SeriesKey => "unstorable-series-key",
        _ => "unstorable-timestamp",
    };

    [LoggerMessage(EventId = 1420, Level = LogLevel.Warning, Message = "Target {Target} breaks {Rule}, first at line {Line}: {Example}")]
    private static partial void LogFound(ILogger logger, string target, string rule, int line, string example);

    [LoggerMessage(EventId = 1421, Level = LogLevel.Information, Message = "Target {Target} no longer breaks {Rule}")]
    private static partial void LogCleared(ILogger logger, string target, string rule);
}
