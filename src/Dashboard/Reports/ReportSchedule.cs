namespace Supervision.Dashboard.Reports;

/// <summary>Weekly or monthly.</summary>
public enum ReportKind
{
    /// <summary>A calendar week, Monday to Sunday, Vietnam time.</summary>
    Weekly,

    /// <summary>A calendar month, Vietnam time.</summary>
    Monthly,
}

/// <summary>One report: a kind, a period and a scope (<c>national</c> or a province code).</summary>
/// <param name="Kind">Weekly or monthly.</param>
/// <param name="Window">The period and the one it is compared with.</param>
/// <param name="Scope"><see cref="ReportOptions.National"/> or a 2-digit province code.</param>
/// <param name="DueAt">When it is to be sent: the schedule's first firing at or after the period's end.</param>
public sealed record ReportDue(ReportKind Kind, SummaryWindow Window, string Scope, DateTimeOffset DueAt)
{
    /// <summary>The report's id, stable across restarts and nodes: <c>weekly-2026-11-30-national</c>, <c>monthly-2026-11-79</c>.</summary>
    public string Id => IdOf(Kind, Window, Scope);

    /// <summary>The id of a kind, window and scope.</summary>
    public static string IdOf(ReportKind kind, SummaryWindow window, string scope)
    {
        ArgumentNullException.ThrowIfNull(window);
        var start = VietnamTime.ToVietnam(window.Start);
        return kind == ReportKind.Weekly
            ? $"weekly-{start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{scope.ToLowerInvariant()}"
            : $"monthly-{start.ToString("yyyy-MM", CultureInfo.InvariantCulture)}-{scope.ToLowerInvariant()}";
    }
}

/// <summary>
/// When reports fall due, in Vietnam time. Pure: "now" is passed in, so the tests drive it with a fake clock. A
/// period's report is due at the cron's first firing at or after the period ends (with the defaults, last week's
/// on Monday 07:00, last month's on the 1st at 07:00). Periods that ended before <c>since</c> (when this archive
/// first scheduled anything) are never due: a new install does not mail out old periods.
/// </summary>
public sealed class ReportSchedule
{
    private readonly CronExpression? _weekly;
    private readonly CronExpression? _monthly;
    private readonly IReadOnlyList<string> _scopes;
    private readonly int _lookBack;

    /// <summary>Creates the schedule from validated options.</summary>
    public ReportSchedule(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _weekly = Cron(options.WeeklyCron);
        _monthly = Cron(options.MonthlyCron);
        // National first: the report most people wait for goes first.
        _scopes = options.Recipients.Keys.Select(k => k.ToLowerInvariant())
            .OrderBy(k => k == ReportOptions.National ? string.Empty : k, StringComparer.Ordinal).ToArray();
        _lookBack = options.CatchUpPeriods;
    }

    /// <summary>The cron expressions in use (for the Quartz triggers), by kind.</summary>
    public IReadOnlyDictionary<ReportKind, CronExpression> Crons =>
        new Dictionary<ReportKind, CronExpression>(
            new[] { (ReportKind.Weekly, _weekly), (ReportKind.Monthly, _monthly) }
                .Where(p => p.Item2 is not null).Select(p => KeyValuePair.Create(p.Item1, p.Item2!)));

    /// <summary>Every report due at <paramref name="now"/> whose period ended after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<ReportDue> Due(DateTimeOffset now, DateTimeOffset since)
    {
        var due = new List<ReportDue>();
        foreach (var (kind, window, at) in Periods(now))
        {
            if (at <= now && window.End > since)
            {
                due.AddRange(_scopes.Select(scope => new ReportDue(kind, window, scope, at)));
            }
        }

        // Stable: within one instant, the scopes keep their order (national first).
        return due.OrderBy(d => d.DueAt).ToList();
    }

    /// <summary>The next instant a report falls due after <paramref name="now"/>, or null without a schedule.</summary>
    public DateTimeOffset? Next(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var cron in new[] { _weekly, _monthly })
        {
            if (cron?.GetNextValidTimeAfter(now) is { } at && (next is null || at < next))
            {
                next = at;
            }
        }

        return next;
    }

    private IEnumerable<(ReportKind Kind, SummaryWindow Window, DateTimeOffset DueAt)> Periods(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(VietnamTime.ToVietnam(now).DateTime);
        if (_weekly is not null)
        {
            // DayOfWeek counts from Sunday; weeks here start on Monday.
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            for (var k = 1; k <= _lookBack; k++)
            {
                var window = SummaryWindow.Week(monday.AddDays(-7 * k));
                if (FirstAtOrAfter(_weekly, window.End) is { } at)
                {
                    yield return (ReportKind.Weekly, window, at);
                }
            }
        }

        if (_monthly is not null)
        {
            var first = new DateOnly(today.Year, today.Month, 1);
            for (var k = 1; k <= _lookBack; k++)
            {
                var month = first.AddMonths(-k);
                var window = SummaryWindow.Month(month.Year, month.Month);
                if (FirstAtOrAfter(_monthly, window.End) is { } at)
                {
                    yield return (ReportKind.Monthly, window, at);
                }
            }
        }
    }

    // Quartz's next valid time is strictly after: ask from one second before so a firing exactly at the end counts.
    private static DateTimeOffset? FirstAtOrAfter(CronExpression cron, DateTimeOffset instant) => cron.GetNextValidTimeAfter(instant.AddSeconds(-1));

    private static CronExpression? Cron(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : new CronExpression(text, VietnamTime.Zone);
}
