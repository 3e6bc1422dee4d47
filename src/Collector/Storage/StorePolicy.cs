namespace Supervision.Collector.Storage;

/// <summary>
/// Decides which samples go to InfluxDB at raw resolution, like Prometheus's metric relabelling with
/// <c>keep</c>/<c>drop</c> (docs/storage.md, "What is stored"). Roll-ups and live figures see every sample
/// whatever this says: it only trims what is written raw. A decision is cached per system and metric name, so the
/// hot path pays one dictionary look-up by span per sample and allocates nothing once warm.
/// </summary>
public sealed class StorePolicy
{
    /// <summary>The key whose rules apply to every system.</summary>
    public const string AllSystems = "*";

    private readonly Dictionary<string, SystemRules> _bySystem = new(StringComparer.Ordinal);
    private readonly SystemRules _default;

    /// <summary>Stores everything.</summary>
    public static StorePolicy All { get; } = new(new Dictionary<string, StoreRuleOptions>());

    /// <summary>Compiles validated rules (<see cref="Validate"/>).</summary>
    public StorePolicy(IReadOnlyDictionary<string, StoreRuleOptions> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var common = rules.TryGetValue(AllSystems, out var c) ? c : new StoreRuleOptions();
        _default = new SystemRules(common.Keep, common.Drop);
        foreach (var (system, own) in rules)
        {
            if (system != AllSystems)
            {
                _bySystem[system] = new SystemRules([.. common.Keep, .. own.Keep], [.. common.Drop, .. own.Drop]);
            }
        }
    }

    /// <summary>True when a sample named <paramref name="metric"/> of a <paramref name="system"/> target is stored.</summary>
    public bool Stores(string system, ReadOnlySpan<char> metric) =>
        (_bySystem.TryGetValue(system, out var rules) ? rules : _default).Stores(metric);

    /// <summary>Every problem of <paramref name="rules"/>, each naming its configuration key.</summary>
    public static IEnumerable<string> Validate(IReadOnlyDictionary<string, StoreRuleOptions> rules, string section)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var (system, options) in rules)
        {
            if (system != AllSystems && SystemCatalogue.Find(system) is null)
            {
                yield return $"{section}:{system}: unknown system kind (expected one of {string.Join(", ", SystemCatalogue.Kinds.Select(k => k.Key))} or *)";
                continue;
            }

            foreach (var (list, name) in new[] { (options.Keep, "Keep"), (options.Drop, "Drop") })
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (PatternProblem(list[i]) is { } problem)
                    {
                        yield return $"{section}:{system}:{name}:{i}: '{list[i]}' {problem}";
                    }
                }
            }
        }
    }

    private static string? PatternProblem(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return "is empty";
        }

        foreach (var c in pattern)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '*'))
            {
                return $"has '{c}': a pattern is a metric name ([a-zA-Z0-9_:]) with * for any run of characters";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/> (<c>*</c> = any run, possibly empty).</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(text);
        }

        if (!text.StartsWith(pattern[..star]))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        var remaining = text[star..];
        if (rest.IsEmpty)
        {
            return true;
        }

        // Backtracking over the positions the star can end at: patterns are short and have few stars.
        for (var i = 0; i <= remaining.Length; i++)
        {
            if (Matches(rest, remaining[i..]))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class SystemRules(IReadOnlyList<string> keep, IReadOnlyList<string> drop)
    {
        private readonly ConcurrentDictionary<string, bool> _decisions = new(StringComparer.Ordinal);
        private readonly IReadOnlyList<string> _keep = keep;
        private readonly IReadOnlyList<string> _drop = drop;

        public bool Stores(ReadOnlySpan<char> metric)
        {
            if (_keep.Count == 0 && _drop.Count == 0)
            {
                return true;
            }

            var lookup = _decisions.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(metric, out var stored))
            {
                return stored;
            }

            stored = Decide(metric);

            // Bounded by the metric names targets expose; a target inventing names per scrape would grow it,
            // so past a cap the decision is made afresh each time instead of remembered.
            if (_decisions.Count < MaxCachedNames)
            {
                lookup.TryAdd(metric, stored);
            }

            return stored;
        }

        private bool Decide(ReadOnlySpan<char> metric)
        {
            if (_keep.Count > 0 && !Any(_keep, metric))
            {
                return false;
            }

            return !Any(_drop, metric);
        }

        private static bool Any(IReadOnlyList<string> patterns, ReadOnlySpan<char> metric)
        {
            foreach (var pattern in patterns)
            {
                if (Matches(pattern, metric))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private const int MaxCachedNames = 10_000;
}
