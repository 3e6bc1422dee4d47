namespace Supervision.Alerting.Muting;

/// <summary>A validated maintenance window ready to answer "is it open at t?" and "does it cover these labels?".</summary>
public sealed class MaintenanceCalendar
{
    private readonly CronExpression? _cron;
    private readonly IReadOnlyList<Matcher> _matchers;

    private MaintenanceCalendar(MaintenanceWindow window, IReadOnlyList<Matcher> matchers, CronExpression? cron)
    {
        Window = window;
        _matchers = matchers;
        _cron = cron;
    }

    /// <summary>The window.</summary>
    public MaintenanceWindow Window { get; }

    /// <summary>Validates a window; the errors name the field.</summary>
    public static MaintenanceCalendar Create(MaintenanceWindow window, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(window);
        var list = new List<string>();
        if (string.IsNullOrWhiteSpace(window.Name)) { list.Add("name: missing"); }
        var matchers = new List<Matcher>();
        for (var i = 0; i < window.Matchers.Count; i++)
        {
            try
            {
                matchers.Add(Matcher.Parse(window.Matchers[i]));
            }
            catch (FormatException ex)
            {
                list.Add($"matchers[{i}]: {ex.Message}");
            }
        }

        if (window.Matchers.Count == 0) { list.Add("matchers: at least one is needed (e.g. province=\"01\"), a window never mutes everything"); }
        CronExpression? cron = null;
        if (window.Cron is null)
        {
            if (window.StartsAt is null || window.EndsAt is null) { list.Add("startsAt/endsAt: a one-off window needs both (or give cron and duration)"); }
            else if (window.EndsAt <= window.StartsAt) { list.Add("endsAt: must be after startsAt"); }
        }
        else
        {
            if (!TimeZoneText.TryParse(window.TimeZone, out var zone, out var zoneError)) { list.Add("timeZone: " + zoneError); }
            try
            {
                cron = new CronExpression(window.Cron, zone);
            }
            catch (FormatException ex)
            {
                list.Add($"cron: '{window.Cron}' is not a Quartz cron expression: {ex.Message}");
            }

            if (window.Duration is not { } d || d <= TimeSpan.Zero) { list.Add("duration: a recurring window needs a positive duration"); }
        }

        errors = list;
        return new MaintenanceCalendar(window, matchers, cron);
    }

    /// <summary>True when the window is open at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now)
    {
        if (Window.StartsAt is { } start && now < start) { return false; }
        if (Window.EndsAt is { } end && now >= end) { return false; }
        if (_cron is null) { return true; }

        // Any occurrence that still covers now started after now − duration; the first such one decides.
        var duration = Window.Duration ?? TimeSpan.Zero;
        var fire = _cron.GetNextValidTimeAfter(now - duration);
        return fire is { } f && f <= now && now < f + duration;
    }

    /// <summary>The next opening after <paramref name="now"/>, or null.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset now)
    {
        if (_cron is null)
        {
            return Window.StartsAt > now ? Window.StartsAt : null;
        }

        var from = Window.StartsAt is { } s && s > now ? s : now;
        var next = _cron.GetNextValidTimeAfter(from);
        return next is { } n && (Window.EndsAt is null || n < Window.EndsAt) ? n : null;
    }

    /// <summary>True when open and every matcher matches.</summary>
    public bool Mutes(IReadOnlyDictionary<string, string> labels, DateTimeOffset now) => IsOpenAt(now) && Matcher.All(_matchers, labels);
}
