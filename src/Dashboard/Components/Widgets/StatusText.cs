using Supervision.Core.Domain;

namespace Supervision.Dashboard.Components.Widgets;

/// <summary>Words and colours for statuses, in Vietnamese (default) or English.</summary>
public static class StatusText
{
    /// <summary>CSS class of a status.</summary>
    public static string Css(TargetStatus status) => status switch
    {
        TargetStatus.Up => "st-up",
        TargetStatus.Degraded => "st-degraded",
        TargetStatus.Down => "st-down",
        _ => "st-unknown",
    };

    /// <summary>The status in words.</summary>
    public static string Label(TargetStatus status, bool english) => (status, english) switch
    {
        (TargetStatus.Up, false) => "Hoạt động",
        (TargetStatus.Degraded, false) => "Suy giảm",
        (TargetStatus.Down, false) => "Mất kết nối",
        (_, false) => "Không rõ",
        (TargetStatus.Up, true) => "Up",
        (TargetStatus.Degraded, true) => "Degraded",
        (TargetStatus.Down, true) => "Down",
        _ => "Unknown",
    };

    /// <summary>A duration as the wall shows it: 45 s, 12 min, 3 h 05.</summary>
    public static string Age(TimeSpan age) =>
        age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
        : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min"
        : $"{(int)age.TotalHours} h {age.Minutes:00}";
}
