namespace Supervision.Alerting.Rules;

/// <summary>Reads and checks the parameters of each kind, with the defaults documented in rules/README.md.</summary>
internal static class RuleSpecParser
{
    private static readonly string[] Operators = [">", ">=", "<", "<=", "==", "!="];
    private static readonly string[] Identifier = [];

    public static RuleSpec? Parse(RuleKind kind, Params p, YamlMappingNode rule) => kind switch
    {
        RuleKind.Down => Down(p),
        RuleKind.Absent => Absent(p),
        RuleKind.Availability => Availability(p),
        RuleKind.Latency => Latency(p, rule),
        RuleKind.ThroughputDrop => Throughput(p),
        RuleKind.StalledProcedures => Stalled(p),
        _ => Query(p),
    };

    private static DownSpec Down(Params p)
    {
        var lookback = Positive(p, "lookback", TimeSpan.FromMinutes(2));
        var codes = new List<int>();
        var statuses = p.List("statuses");
        if (statuses.Count == 0)
        {
            statuses = ["Down", "Unknown"];
        }

        foreach (var s in statuses)
        {
            switch (s)
            {
                case "Degraded": codes.Add(1); break;
                case "Unknown": codes.Add(2); break;
                case "Down": codes.Add(3); break;
                default: p.Error("statuses", $"'{s}' is not a status; use Degraded, Unknown or Down"); break;
            }
        }

        return new DownSpec(lookback, codes);
    }

    private static AbsentSpec Absent(Params p)
    {
        var scope = p.String("scope") ?? "target";
        if (scope is not ("target" or "shard"))
        {
            p.Error("scope", $"'{scope}' is unknown; use target or shard");
        }

        var window = Positive(p, "window", TimeSpan.FromMinutes(2));
        var lookback = Positive(p, "lookback", TimeSpan.FromHours(1));
        if (lookback <= window)
        {
            p.Error("lookback", "must be longer than window");
        }

        var shards = p.Number("shards");
        if (shards is { } n && (n < 1 || n != Math.Floor(n)))
        {
            p.Error("shards", $"{n} is not a whole number of collector shards (1 or more)");
            shards = null;
        }
        else if (shards is not null && scope != "shard")
        {
            p.Error("shards", "only for scope: shard");
        }

        return new AbsentSpec(window, scope == "shard", lookback, (int?)shards);
    }

    private static AvailabilitySpec Availability(Params p)
    {
        var window = Positive(p, "window", TimeSpan.FromHours(1));
        var threshold = Fraction(p, "threshold", 0.95);
        var per = p.String("per") ?? "unit";
        if (per is not ("unit" or "province" or "target"))
        {
            p.Error("per", $"'{per}' is unknown; use unit, province or target");
        }

        var minSamples = p.Number("min_samples") ?? 0;
        if (minSamples < 0 || minSamples != Math.Floor(minSamples))
        {
            p.Error("min_samples", $"{minSamples} is not a whole number of scrapes (0 or more)");
            minSamples = 0;
        }

        return new AvailabilitySpec(window, threshold, per, (int)minSamples);
    }

    private static LatencySpec? Latency(Params p, YamlMappingNode rule)
    {
        var measurement = Required(p, "measurement");
        var field = Required(p, "field");
        var threshold = p.Number("threshold");
        if (threshold is null && p.Get("threshold") is null)
        {
            p.Error("threshold", "missing");
        }

        var agg = ParseAggregate(p, "aggregate", Aggregate.Mean);
        var window = Positive(p, "window", TimeSpan.FromMinutes(5));
        var groupBy = p.List("group_by");
        _ = rule;
        return measurement is null || field is null || threshold is null
            ? null
            : new LatencySpec(measurement, field, agg, window, threshold.Value, groupBy.Count == 0 ? TagNames.OfTarget : groupBy);
    }

    private static ThroughputDropSpec? Throughput(Params p)
    {
        var measurement = Required(p, "measurement");
        var field = Required(p, "field");
        var window = Positive(p, "window", TimeSpan.FromHours(1));
        var weeks = (int)p.Number("weeks", 4);
        if (weeks is < 1 or > 12)
        {
            p.Error("weeks", "must be between 1 and 12");
        }

        var fraction = Fraction(p, "fraction", 0.5);
        var min = p.Number("min_baseline", 10);
        var groupBy = p.List("group_by");
        var working = p.Bool("working_hours", true);
        return measurement is null || field is null
            ? null
            : new ThroughputDropSpec(measurement, field, window, weeks, fraction, min, groupBy.Count == 0 ? TagNames.OfTarget : groupBy, working);
    }

    private static StalledProceduresSpec Stalled(Params p)
    {
        var overdue = p.Number("overdue_above");
        var backlog = p.Number("backlog_above");
        var stalledFor = p.Duration("stalled_for", TimeSpan.FromHours(4));
        var lookback = Positive(p, "lookback", TimeSpan.FromMinutes(10));
        if (overdue is null && backlog is null)
        {
            p.Error("overdue_above", "give overdue_above, backlog_above (with stalled_for), or both");
        }

        if (backlog is not null && stalledFor <= TimeSpan.Zero)
        {
            p.Error("stalled_for", "must be positive when backlog_above is given");
        }

        return new StalledProceduresSpec(overdue, backlog, stalledFor, lookback);
    }

    private static QuerySpec? Query(Params p)
    {
        var query = Required(p, "query");
        if (query is not null && !query.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            p.Error("query", "must be an InfluxQL SELECT statement");
        }

        var op = p.String("op") ?? ">";
        if (!Operators.Contains(op))
        {
            p.Error("op", $"'{op}' is unknown; use one of {string.Join(' ', Operators)}");
        }

        var threshold = p.Number("threshold");
        if (threshold is null && p.Get("threshold") is null)
        {
            p.Error("threshold", "missing");
        }

        return query is null || threshold is null ? null : new QuerySpec(query, op, threshold.Value);
    }

    private static Aggregate ParseAggregate(Params p, string key, Aggregate fallback)
    {
        var text = p.String(key);
        if (text is null)
        {
            return fallback;
        }

        switch (text)
        {
            case "last": return Aggregate.Last;
            case "mean": return Aggregate.Mean;
            case "max": return Aggregate.Max;
            case "min": return Aggregate.Min;
            default:
                p.Error(key, $"'{text}' is unknown; use last, mean, max or min");
                return fallback;
        }
    }

    private static string? Required(Params p, string key)
    {
        var s = p.String(key);
        if (s is null && p.Get(key) is null)
        {
            p.Error(key, "missing");
        }

        return s;
    }

    private static TimeSpan Positive(Params p, string key, TimeSpan fallback)
    {
        var d = p.Duration(key, fallback);
        if (d <= TimeSpan.Zero)
        {
            p.Error(key, "must be positive");
            return fallback;
        }

        return d;
    }

    private static double Fraction(Params p, string key, double fallback)
    {
        var v = p.Number(key, fallback);
        if (v is <= 0 or > 1)
        {
            p.Error(key, $"{v} must be in (0, 1]");
            return fallback;
        }

        _ = Identifier;
        return v;
    }
}
