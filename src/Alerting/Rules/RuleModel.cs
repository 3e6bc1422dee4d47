namespace Supervision.Alerting.Rules;

/// <summary>The kinds of rule the engine knows.</summary>
internal enum RuleKind
{
    Down,
    Absent,
    Availability,
    Latency,
    ThroughputDrop,
    StalledProcedures,
    Query,
}

/// <summary>Which targets a rule looks at; an empty list means "any".</summary>
internal sealed record RuleSelector(IReadOnlyList<UnitLevel> Levels, IReadOnlyList<string> Provinces, IReadOnlyList<string> Systems)
{
    public static RuleSelector Any { get; } = new([], [], []);

    public bool IsEmpty => Levels.Count == 0 && Provinces.Count == 0 && Systems.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> tags)
    {
        if (Levels.Count > 0)
        {
            if (!tags.TryGetValue(TagNames.Level, out var level) || !ContainsLevel(level))
            {
                return false;
            }
        }

        if (Provinces.Count > 0 && (!tags.TryGetValue(TagNames.Province, out var p) || !Contains(Provinces, p)))
        {
            return false;
        }

        return Systems.Count == 0 || (tags.TryGetValue(TagNames.System, out var s) && Contains(Systems, s));
    }

    public bool Matches(Target target) =>
        (Levels.Count == 0 || Levels.Contains(target.Level))
        && (Provinces.Count == 0 || (target.ProvinceCode is not null && Contains(Provinces, target.ProvinceCode)))
        && (Systems.Count == 0 || Contains(Systems, target.System));

    private bool ContainsLevel(string level)
    {
        foreach (var l in Levels)
        {
            if (string.Equals(UnitLevelText.Of(l), level, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One alerting rule as written in a rule file.</summary>
internal sealed record AlertRule(
    string Name,
    RuleKind Kind,
    RuleSelector Selector,
    RuleSpec Spec,
    TimeSpan For,
    TimeSpan KeepFiringFor,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string File,
    int Line)
{
    /// <summary>True when the rule only means something in working hours (it stays quiet otherwise).</summary>
    public bool WorkingHoursOnly => Spec.WorkingHoursOnly;
}

/// <summary>A group of rules evaluated together by one Quartz job.</summary>
internal sealed record RuleGroup(string Name, TimeSpan Interval, bool WorkingHours, IReadOnlyList<AlertRule> Rules, string File);

/// <summary>A generic inhibition: firing sources mute targets that agree on the <c>Equal</c> labels.</summary>
internal sealed record InhibitRule(IReadOnlyList<Matcher> SourceMatchers, IReadOnlyList<Matcher> TargetMatchers, IReadOnlyList<string> Equal);

/// <summary>Everything loaded from the rules folder.</summary>
internal sealed record RuleSet(IReadOnlyList<RuleGroup> Groups, IReadOnlyList<InhibitRule> InhibitRules)
{
    public static RuleSet Empty { get; } = new([], []);

    public IEnumerable<AlertRule> AllRules => Groups.SelectMany(g => g.Rules);
}

/// <summary>One mistake in a rule file.</summary>
internal sealed record RuleError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
