using System.Collections.Concurrent;

namespace Supervision.Alerting.Engine;

/// <summary>
/// The engine's own metrics on <c>/metrics</c>, scraped by the center as its <c>center/alerting</c> target and read by
/// rules/center.yaml (as Prometheus's meta-alerts read <c>prometheus_rule_group_*</c>): per group the last pass's
/// duration, the interval and the age of the last completed pass; per rule whether its last evaluation failed; the
/// days the holiday table still covers.
/// </summary>
internal sealed class AlertingMetrics
{
    private static readonly AlertState[] States = [AlertState.Pending, AlertState.Firing, AlertState.Resolved];

    // Per group: when its last pass completed, and since when it has been due (a working-hours group is not due at
    // night: its age counts from the start of working time, not from yesterday's last pass).
    private readonly ConcurrentDictionary<string, (DateTimeOffset Completed, DateTimeOffset DueSince)> _groups = new(StringComparer.Ordinal);
    // Per group, in a cluster: when its last pass started on any node (Quartz's shared trigger), so a node whose
    // peer ran the group does not report it late.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _clusterStarts = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started;

    public AlertingMetrics(CollectorRegistry? registry = null, TimeProvider? time = null)
    {
        var f = Metrics.WithCustomRegistry(registry ?? Metrics.DefaultRegistry);
        _started = (time ?? TimeProvider.System).GetUtcNow();
        Evaluations = f.CreateCounter("alerting_group_evaluations_total", "Rule group evaluations.", "group");
        Failures = f.CreateCounter("alerting_rule_evaluation_failures_total", "Rule evaluations that failed.", "rule");
        Duration = f.CreateHistogram("alerting_group_evaluation_duration_seconds", "Duration of a rule group evaluation.",
            new HistogramConfiguration { LabelNames = ["group"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        Alerts = f.CreateGauge("alerting_alerts", "Alerts known to the engine by state.", "state");
        Reloads = f.CreateCounter("alerting_rule_reloads_total", "Rule reloads by outcome.", "outcome");
        StorageUp = f.CreateGauge("alerting_cluster_storage_up", "Cluster nodes only: 1 while this node reaches the shared PostgreSQL, 0 while it does not (passes, acknowledgements and deliveries wait).",
            new GaugeConfiguration { SuppressInitialValue = true });
        LastDuration = f.CreateGauge("alerting_group_last_duration_seconds", "Duration of the group's last pass.", "group");
        IntervalSeconds = f.CreateGauge("alerting_group_interval_seconds", "The group's evaluation interval.", "group");
        EvaluationAge = f.CreateGauge("alerting_group_last_evaluation_age_seconds",
            "Time since the group's last completed pass (counted from when it became due: start-up, or the start of working time for a working-hours group; in a cluster, from the last pass started on any node).", "group");
        LastFailed = f.CreateGauge("alerting_rule_last_evaluation_failed", "1 when the rule's last evaluation failed, else 0.", "rule");
        HolidayDaysLeft = f.CreateGauge("alerting_holiday_table_days_left",
            "Days from today to the end of the last year the holiday table (Alerting:HolidaysPath) lists days for; -1 without a table.");
        ReadServer = f.CreateGauge("alerting_influx_read_server",
            "Per InfluxDB server of Alerting:Influx:Servers (index 0 = Url): 1 for the one the rules read from, else 0.", "index", "server");
        ServerUp = f.CreateGauge("alerting_influx_server_up",
            "Per InfluxDB server of Alerting:Influx:Servers: 0 from a failed read until it answers a ping again, else 1.", "index", "server");
        ReadDegraded = f.CreateGauge("alerting_influx_read_degraded", "1 while rules read from another InfluxDB server than the first (Alerting:Influx:Url), or none answers; else 0.");
        ReadSwitches = f.CreateGauge("alerting_influx_read_switches", "Times the rules' reads moved from one InfluxDB server to another since start.");
    }

    public Gauge ReadServer { get; }

    public Gauge ServerUp { get; }

    public Gauge ReadDegraded { get; }

    public Gauge ReadSwitches { get; }

    public Gauge LastDuration { get; }

    public Gauge IntervalSeconds { get; }

    public Gauge EvaluationAge { get; }

    public Gauge LastFailed { get; }

    public Gauge HolidayDaysLeft { get; }

    /// <summary>Which InfluxDB server the reads go to (docs/ha.md); called before each scrape.</summary>
    public void RefreshReads(Core.Influx.InfluxReader reader)
    {
        var reading = reader.ReadingFrom;
        foreach (var server in reader.States())
        {
            var index = server.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ReadServer.WithLabels(index, server.Url).Set(server.Index == reading ? 1 : 0);
            ServerUp.WithLabels(index, server.Url).Set(server.Healthy ? 1 : 0);
        }

        ReadDegraded.Set(reader.Degraded ? 1 : 0);
        ReadSwitches.Set(reader.Switches);
    }

    /// <summary>
    /// In a cluster: the last pass of <paramref name="group"/> started at <paramref name="at"/> on some node (the shared
    /// trigger's previous fire time). Its age then counts from the later of that and this node's own last pass.
    /// </summary>
    public void GroupStartedInCluster(string group, DateTimeOffset at) =>
        _clusterStarts.AddOrUpdate(group, at, (_, known) => at > known ? at : known);

    /// <summary>A pass of <paramref name="group"/> completed at <paramref name="now"/> in <paramref name="seconds"/>.</summary>
    public void GroupEvaluated(RuleGroup group, double seconds, DateTimeOffset now)
    {
        LastDuration.WithLabels(group.Name).Set(seconds);
        IntervalSeconds.WithLabels(group.Name).Set(group.Interval.TotalSeconds);
        _groups[group.Name] = (now, now);
    }

    /// <summary>
    /// Brings the ages and the holiday horizon up to <paramref name="now"/>; called before each scrape. Groups gone
    /// from the rules are removed, groups not run yet age from start-up.
    /// </summary>
    public void Refresh(RuleSet rules, WorkingCalendar calendar, DateTimeOffset now)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in rules.Groups)
        {
            names.Add(group.Name);
            IntervalSeconds.WithLabels(group.Name).Set(group.Interval.TotalSeconds);
            var (completed, dueSince) = _groups.GetOrAdd(group.Name, (_started, _started));
            if (group.WorkingHours && !calendar.IsWorkingTime(now))
            {
                // Not due: Quartz's working-time calendar holds it; the age starts when working time does.
                _groups[group.Name] = (completed, now);
                EvaluationAge.WithLabels(group.Name).Set(0);
                continue;
            }

            var from = completed > dueSince ? completed : dueSince;
            if (_clusterStarts.TryGetValue(group.Name, out var started) && started > from)
            {
                from = started;
            }

            EvaluationAge.WithLabels(group.Name).Set(Math.Max(0, (now - from).TotalSeconds));
        }

        foreach (var stale in _groups.Keys.Where(k => !names.Contains(k)).ToArray())
        {
            _groups.TryRemove(stale, out _);
            _clusterStarts.TryRemove(stale, out _);
            EvaluationAge.RemoveLabelled(stale);
            IntervalSeconds.RemoveLabelled(stale);
            LastDuration.RemoveLabelled(stale);
        }

        HolidayDaysLeft.Set(HolidayHorizon(calendar, now));
    }

    /// <summary>Days from <paramref name="now"/> (Vietnam's date) to 31 December of the table's last year; -1 without a table.</summary>
    internal static double HolidayHorizon(WorkingCalendar calendar, DateTimeOffset now)
    {
        if (calendar.Days.Count == 0)
        {
            return -1;
        }

        var lastYear = calendar.Days.Max(d => d.Date.Year);
        var today = DateOnly.FromDateTime(VietnamTime.ToVietnam(now).DateTime);
        return new DateOnly(lastYear, 12, 31).DayNumber - today.DayNumber;
    }

    public Gauge StorageUp { get; }

    public Counter Evaluations { get; }

    public Counter Failures { get; }

    public Histogram Duration { get; }

    public Gauge Alerts { get; }

    public Counter Reloads { get; }

    public void SetStates(IReadOnlyList<AlertView> views)
    {
        Span<int> counts = stackalloc int[4];
        foreach (var v in views)
        {
            counts[(int)v.State]++;
        }

        foreach (var s in States)
        {
            Alerts.WithLabels(s.ToString().ToLowerInvariant()).Set(counts[(int)s]);
        }
    }
}
