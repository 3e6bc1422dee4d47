namespace Supervision.Alerting.Rules;

/// <summary>The kind-specific parameters of a rule.</summary>
internal abstract record RuleSpec
{
    public virtual bool WorkingHoursOnly => false;
}

/// <summary><c>down</c>: the last status within <c>Lookback</c> is one of <c>StatusCodes</c>.</summary>
internal sealed record DownSpec(TimeSpan Lookback, IReadOnlyList<int> StatusCodes) : RuleSpec;

/// <summary><c>absent</c>: no scrape from a target (or no heartbeat from a collector shard) within <c>Window</c>.</summary>
/// <param name="Window">How long without data makes a target or shard absent.</param>
/// <param name="Shards">True for <c>scope: shard</c> (collectors' heartbeats), false for targets.</param>
/// <param name="Lookback">How far back a shard's last heartbeat is looked for.</param>
/// <param name="ExpectedShards">
/// For <c>scope: shard</c>, the collector shards (<c>0/N</c> … <c>N-1/N</c>) expected to report even when none was
/// seen within <paramref name="Lookback"/>: a dead collector stays firing while it is absent instead of resolving
/// once its last heartbeat falls out of the lookback. Shards of any <c>i/N</c> seen are expected too.
/// </param>
internal sealed record AbsentSpec(TimeSpan Window, bool Shards, TimeSpan Lookback, int? ExpectedShards = null) : RuleSpec;

/// <summary><c>availability</c>: share of successful scrapes over <c>Window</c> below <c>Threshold</c>, per unit, province or target.</summary>
/// <param name="Window">How far back the share of good scrapes is taken.</param>
/// <param name="Threshold">Below this share a group fires.</param>
/// <param name="Per">unit, province or target.</param>
/// <param name="MinSamples">Fewest scrapes a group needs in the window to be judged (0: any); a fresh start or a new target is not "50 % available" after two scrapes.</param>
internal sealed record AvailabilitySpec(TimeSpan Window, double Threshold, string Per, int MinSamples = 0) : RuleSpec;

/// <summary><c>latency</c>: an aggregate of a series above a threshold.</summary>
internal sealed record LatencySpec(string Measurement, string Field, Aggregate Aggregate, TimeSpan Window, double Threshold, IReadOnlyList<string> GroupBy) : RuleSpec;

/// <summary><c>throughput-drop</c>: increase of a counter below a fraction of the same hour of the same weekday over past weeks.</summary>
internal sealed record ThroughputDropSpec(string Measurement, string Field, TimeSpan Window, int Weeks, double Fraction, double MinBaseline, IReadOnlyList<string> GroupBy, bool WorkingHours) : RuleSpec
{
    public override bool WorkingHoursOnly => WorkingHours;
}

/// <summary><c>stalled-procedures</c>: overdue dossiers above N, or a backlog above N with nothing resolved for a span of working time.</summary>
internal sealed record StalledProceduresSpec(double? OverdueAbove, double? BacklogAbove, TimeSpan StalledFor, TimeSpan Lookback) : RuleSpec
{
    public override bool WorkingHoursOnly => true;
}

/// <summary><c>query</c>: an InfluxQL query whose first value per series is compared with a threshold.</summary>
internal sealed record QuerySpec(string Query, string Operator, double Threshold) : RuleSpec
{
    public bool Compare(double value) => new Data.ValueFilter(Operator, Threshold).Passes(value);
}

/// <summary>InfluxQL aggregates the evaluators use.</summary>
internal enum Aggregate
{
    Last,
    Mean,
    Max,
    Min,
    Sum,
    Count,
    Spread,

    /// <summary>Last minus first value of the window: a counter's increase when it did not reset (not offered in rule files).</summary>
    Increase,

    /// <summary>
    /// 1 when every point of the window holds the same value, 0 when it changed (not offered in rule files): "nothing
    /// resolved". InfluxDB is asked for last − first = 0 instead (two selectors; spread() reads every point), which
    /// differs only for a value that leaves and comes back to exactly where it was within the window.
    /// </summary>
    Unchanged,
}
