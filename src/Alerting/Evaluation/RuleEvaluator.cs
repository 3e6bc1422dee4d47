namespace Supervision.Alerting.Evaluation;

/// <summary>
/// Turns a rule into its active samples at one instant. Pure apart from the queries: "now" and the data
/// come from outside (as Prometheus' <c>rules/alerting.go</c> does), so rules are tested as data with a fake clock.
/// One query per rule per cycle, never one per target.
/// </summary>
internal static class RuleEvaluator
{
    // Beyond this many candidate units a query names them no more: the statement would grow past what a unit filter saves.
    private const int MaxUnitsNamed = 200;

    private static readonly IReadOnlyList<string> TargetTags = TagNames.OfTarget;
    private static readonly string[] UnitTags = [TagNames.Unit, TagNames.Province, TagNames.Level];
    private static readonly string[] ProvinceTags = [TagNames.Province];
    private static readonly string[] ShardTags = [TagNames.Collector, TagNames.Shard];

    public static Task<IReadOnlyList<Sample>> EvaluateAsync(AlertRule rule, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct) => rule.Spec switch
    {
        DownSpec s => DownAsync(rule, s, now, ctx, ct),
        AbsentSpec { Shards: true } s => AbsentShardAsync(s, now, ctx, ct),
        AbsentSpec s => AbsentTargetAsync(rule, s, now, ctx, ct),
        AvailabilitySpec s => AvailabilityAsync(rule, s, now, ctx, ct),
        LatencySpec s => LatencyAsync(rule, s, now, ctx, ct),
        ThroughputDropSpec s => ThroughputAsync(rule, s, now, ctx, ct),
        StalledProceduresSpec s => StalledAsync(rule, s, now, ctx, ct),
        QuerySpec s => QueryAsync(rule, s, now, ctx, ct),
        _ => throw new InvalidOperationException($"rule {rule.Name}: unsupported kind"),
    };

    private static async Task<IReadOnlyList<Sample>> DownAsync(AlertRule rule, DownSpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        var rows = await ctx.Source.QueryAsync(new SeriesQuery(Measurements.Scrape, ScrapeFields.StatusCode, Aggregate.Last, now - s.Lookback, now, TargetTags, rule.Selector), ct);
        var result = new List<Sample>();
        foreach (var row in rows)
        {
            var code = (int)row.Value;
            if (s.StatusCodes.Contains(code) && rule.Selector.Matches(row.Tags))
            {
                result.Add(new Sample(row.Tags, row.Value));
            }
        }

        return result;
    }

    private static async Task<IReadOnlyList<Sample>> AbsentTargetAsync(AlertRule rule, AbsentSpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        if (ctx.Inventory is null)
        {
            throw new InvalidOperationException($"rule {rule.Name}: 'absent' per target needs the inventory");
        }

        // The same question as a `down` rule over this window, so a group's `down` and `absent` share one query.
        var rows = await ctx.Source.QueryAsync(new SeriesQuery(Measurements.Scrape, ScrapeFields.StatusCode, Aggregate.Last, now - s.Window, now, TargetTags, rule.Selector), ct);
        var seen = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Tags.TryGetValue(TagNames.Unit, out var u) && row.Tags.TryGetValue(TagNames.System, out var sys))
            {
                seen.Add(u + "/" + sys);
            }
        }

        var result = new List<Sample>();
        foreach (var t in ctx.Inventory.Targets)
        {
            if (!rule.Selector.Matches(t) || seen.Contains(t.Id))
            {
                continue;
            }

            var labels = new Dictionary<string, string>(4, StringComparer.Ordinal)
            {
                [TagNames.Unit] = t.UnitId,
                [TagNames.System] = t.System,
                [TagNames.Level] = UnitLevelText.Of(t.Level),
            };
            if (t.ProvinceCode is not null)
            {
                labels[TagNames.Province] = t.ProvinceCode;
            }

            result.Add(new Sample(labels, 0));
        }

        return result;
    }

    private static async Task<IReadOnlyList<Sample>> AbsentShardAsync(AbsentSpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        var rows = await ctx.Source.QueryAsync(new SeriesQuery(Measurements.Collector, CollectorFields.Targets, Aggregate.Last, now - s.Lookback, now, ShardTags, Rules.RuleSelector.Any), ct);

        // Identity is the shard alone, so an alert keeps its identity (and pages once) however long the shard is
        // silent, also once its last heartbeat is older than the lookback and its collector's name is forgotten.
        var lastSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        if (s.ExpectedShards is { } count)
        {
            AddShards(expected, count);
        }

        foreach (var row in rows)
        {
            if (!row.Tags.TryGetValue(TagNames.Shard, out var shard))
            {
                continue;
            }

            if (!lastSeen.TryGetValue(shard, out var seen) || row.Time > seen)
            {
                lastSeen[shard] = row.Time;
            }

            var slash = shard.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && int.TryParse(shard.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1024)
            {
                AddShards(expected, n);
            }
        }

        expected.UnionWith(lastSeen.Keys);
        var result = new List<Sample>();
        foreach (var shard in expected.Order(StringComparer.Ordinal))
        {
            var silentFor = lastSeen.TryGetValue(shard, out var seen) ? now - seen : s.Lookback;
            if (silentFor > s.Window)
            {
                result.Add(new Sample(new Dictionary<string, string>(StringComparer.Ordinal) { [TagNames.Shard] = shard }, Math.Round(silentFor.TotalSeconds)));
            }
        }

        return result;
    }

    private static void AddShards(HashSet<string> expected, int count)
    {
        for (var i = 0; i < count; i++)
        {
            expected.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i}/{count}"));
        }
    }

    private static async Task<IReadOnlyList<Sample>> AvailabilityAsync(AlertRule rule, AvailabilitySpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        IReadOnlyList<string> groupBy = s.Per switch
        {
            "province" => ProvinceTags,
            "target" => TargetTags,
            _ => UnitTags,
        };
        var mean = new SeriesQuery(Measurements.Scrape, ScrapeFields.Up, Aggregate.Mean, now - s.Window, now, groupBy, rule.Selector) { Where = new ValueFilter("<", s.Threshold) };
        var rows = await ctx.Source.QueryAsync(mean, ct);
        var tooFew = rows.Count == 0 || s.MinSamples == 0 ? null : await TooFewSamplesAsync(mean, rows, s.MinSamples, ctx, ct);
        var result = new List<Sample>();
        foreach (var row in rows)
        {
            if (tooFew?.Contains(GroupKey(row.Tags, groupBy)) == true)
            {
                continue;
            }

            if (row.Value < s.Threshold && (s.Per == "province" ? row.Tags.ContainsKey(TagNames.Province) : rule.Selector.Matches(row.Tags) || rule.Selector.IsEmpty))
            {
                result.Add(new Sample(s.Per == "province" ? WithLevel(row.Tags, "province") : row.Tags, row.Value));
            }
        }

        return result;
    }

    /// <summary>
    /// The groups among <paramref name="candidates"/> with fewer than <paramref name="minSamples"/> scrapes in the window:
    /// counted only for the candidates (named when few), so the common case (nobody below the threshold) costs nothing.
    /// </summary>
    private static async Task<HashSet<string>> TooFewSamplesAsync(SeriesQuery mean, IReadOnlyList<SeriesValue> candidates, int minSamples, EvaluationContext ctx, CancellationToken ct)
    {
        var count = mean with { Aggregate = Aggregate.Count, Where = null };
        var units = candidates.Select(r => r.Tags.GetValueOrDefault(TagNames.Unit)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (units.Count <= MaxUnitsNamed && candidates.All(r => r.Tags.ContainsKey(TagNames.Unit)))
        {
            count = count with { Units = units };
        }

        var enough = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await ctx.Source.QueryAsync(count, ct))
        {
            if (row.Value >= minSamples)
            {
                enough.Add(GroupKey(row.Tags, mean.GroupBy));
            }
        }

        return candidates.Select(r => GroupKey(r.Tags, mean.GroupBy)).Where(k => !enough.Contains(k)).ToHashSet(StringComparer.Ordinal);
    }

    private static string GroupKey(IReadOnlyDictionary<string, string> tags, IReadOnlyList<string> groupBy) =>
        string.Join('\u001f', groupBy.Select(t => tags.GetValueOrDefault(t) ?? string.Empty));

    private static Dictionary<string, string> WithLevel(IReadOnlyDictionary<string, string> tags, string level)
    {
        var d = new Dictionary<string, string>(tags, StringComparer.Ordinal) { [TagNames.Level] = level, ["scope"] = "province" };
        return d;
    }

    private static async Task<IReadOnlyList<Sample>> LatencyAsync(AlertRule rule, LatencySpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        var rows = await ctx.Source.QueryAsync(new SeriesQuery(s.Measurement, s.Field, s.Aggregate, now - s.Window, now, s.GroupBy, rule.Selector) { Where = new ValueFilter(">", s.Threshold) }, ct);
        var result = new List<Sample>();
        foreach (var row in rows)
        {
            if (row.Value > s.Threshold)
            {
                result.Add(new Sample(row.Tags, row.Value));
            }
        }

        return result;
    }

    private static async Task<IReadOnlyList<Sample>> ThroughputAsync(AlertRule rule, ThroughputDropSpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        var current = ByLabels(await ctx.Source.QueryAsync(new SeriesQuery(s.Measurement, s.Field, Aggregate.Spread, now - s.Window, now, [], rule.Selector) { SumBy = s.GroupBy }, ct));
        var baselineSum = new Dictionary<string, double>(StringComparer.Ordinal);
        var baselineWeeks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 1; k <= s.Weeks; k++)
        {
            var shift = TimeSpan.FromDays(7 * k);
            var past = ByLabels(await ctx.Source.QueryAsync(new SeriesQuery(s.Measurement, s.Field, Aggregate.Spread, now - shift - s.Window, now - shift, [], rule.Selector) { SumBy = s.GroupBy }, ct));
            foreach (var (key, (_, value)) in past)
            {
                baselineSum[key] = baselineSum.GetValueOrDefault(key) + value;
                baselineWeeks[key] = baselineWeeks.GetValueOrDefault(key) + 1;
            }
        }

        var result = new List<Sample>();
        foreach (var (key, sum) in baselineSum)
        {
            var baseline = sum / baselineWeeks[key];
            if (baseline < s.MinBaseline || !current.TryGetValue(key, out var now0))
            {
                continue;
            }

            if (now0.Value < s.Fraction * baseline)
            {
                result.Add(new Sample(now0.Labels, baseline <= 0 ? 0 : now0.Value / baseline));
            }
        }

        return result;
    }

    private static async Task<IReadOnlyList<Sample>> StalledAsync(AlertRule rule, StalledProceduresSpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        var result = new List<Sample>();
        if (s.OverdueAbove is { } overdueLimit)
        {
            var overdue = await ctx.Source.QueryAsync(
                new SeriesQuery(SystemCatalogue.Dossier, CatalogueMetrics.DossierOverdue, Aggregate.Last, now - s.Lookback, now, [], rule.Selector) { SumBy = UnitTags, Where = new ValueFilter(">", overdueLimit) }, ct);
            foreach (var row in overdue)
            {
                result.Add(new Sample(With(row.Tags, "reason", "overdue"), row.Value));
            }
        }

        if (s.BacklogAbove is { } backlogLimit)
        {
            // Units where nothing moved are few (most resolve something in a few working hours) while most units
            // hold some backlog, so the still ones are asked first and the backlog only of them. "Nothing resolved" is
            // every procedure's resolved counter unchanged over the working-time span; a counter reset counts as moved.
            var since = WorkingTime.Before(ctx.Calendar, now, s.StalledFor);
            var still = await StillUnitsAsync(rule, since, now, ctx, ct);
            if (still.Count == 0)
            {
                return result;
            }

            var backlogQuery = new SeriesQuery(SystemCatalogue.Dossier, CatalogueMetrics.DossierInProgress, Aggregate.Last, now - s.Lookback, now, [], rule.Selector) { SumBy = UnitTags, Where = new ValueFilter(">", backlogLimit) };
            if (still.Count <= MaxUnitsNamed)
            {
                backlogQuery = backlogQuery with { Units = UnitsOf(still.Values) };
            }

            foreach (var (key, (labels, value)) in ByLabels(await ctx.Source.QueryAsync(backlogQuery, ct)))
            {
                if (still.ContainsKey(key))
                {
                    result.Add(new Sample(With(labels, "reason", "stalled"), value));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Units none of whose procedure counters changed since <paramref name="since"/>. The series that did not change
    /// are few, so only those are asked for; then every series of just those units, to drop the ones where another
    /// procedure moved.
    /// </summary>
    private static async Task<Dictionary<string, (IReadOnlyDictionary<string, string> Labels, double Value)>> StillUnitsAsync(
        AlertRule rule, DateTimeOffset since, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        var unchanged = new SeriesQuery(SystemCatalogue.Dossier, CatalogueMetrics.DossierResolved, Aggregate.Unchanged, since, now, [], rule.Selector);
        var flat = await ctx.Source.QueryAsync(unchanged with { Where = new ValueFilter("==", 1) }, ct);
        var still = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, double Value)>(StringComparer.Ordinal);
        if (flat.Count == 0)
        {
            return still;
        }

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in flat)
        {
            if (row.Tags.TryGetValue(TagNames.Unit, out var unit))
            {
                candidates.Add(unit);
            }
        }

        var rows = await ctx.Source.QueryAsync(candidates.Count <= MaxUnitsNamed ? unchanged with { Units = [.. candidates] } : unchanged, ct);
        var units = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, bool Moved)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var labels = TagProjection.Of(row.Tags, UnitTags);
            var key = Fingerprint.Of(labels);
            units[key] = units.TryGetValue(key, out var u) ? (u.Labels, u.Moved || row.Value == 0) : (labels, row.Value == 0);
        }

        foreach (var (key, (labels, moved)) in units)
        {
            if (!moved)
            {
                still[key] = (labels, 0);
            }
        }

        return still;
    }

    private static async Task<IReadOnlyList<Sample>> QueryAsync(AlertRule rule, QuerySpec s, DateTimeOffset now, EvaluationContext ctx, CancellationToken ct)
    {
        var rows = await ctx.Source.QueryRawAsync(s.Query, now, ct);
        var result = new List<Sample>();
        foreach (var row in rows)
        {
            if (s.Compare(row.Value) && (rule.Selector.IsEmpty || rule.Selector.Matches(row.Tags)))
            {
                result.Add(new Sample(row.Tags, row.Value));
            }
        }

        return result;
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> labels, string key, string value) =>
        new(labels, StringComparer.Ordinal) { [key] = value };

    /// <summary>Rows keyed by their labels (each row of a summed query is one combination of the tags).</summary>
    private static Dictionary<string, (IReadOnlyDictionary<string, string> Labels, double Value)> ByLabels(IReadOnlyList<SeriesValue> rows)
    {
        var result = new Dictionary<string, (IReadOnlyDictionary<string, string>, double)>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result[Fingerprint.Of(row.Tags)] = (row.Tags, row.Value);
        }

        return result;
    }

    private static List<string> UnitsOf(IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)> rows)
    {
        var units = new List<string>();
        foreach (var (labels, _) in rows)
        {
            if (labels.TryGetValue(TagNames.Unit, out var unit))
            {
                units.Add(unit);
            }
        }

        return units;
    }
}
