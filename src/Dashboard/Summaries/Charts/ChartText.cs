namespace Supervision.Dashboard.Summaries.Charts;

/// <summary>The charts' words and number formats in Vietnamese (default) or English (the UI's language switch).</summary>
/// <param name="English">True for English.</param>
public sealed record ChartText(bool English)
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The culture of numbers: Vietnamese "99,5" and "12.345", English "99.5" and "12,345".</summary>
    public CultureInfo Culture => English ? En : SummaryText.Vietnamese;

    /// <summary>The charts' section heading.</summary>
    public string Heading => English ? "Trends: last 30 days and 4 weeks, against the period before" : "Xu hướng 30 ngày và 4 tuần qua, so với kỳ trước";

    /// <summary>A chart's title.</summary>
    public string Title(string key) => key switch
    {
        ChartKeys.Availability => English ? "System availability by day" : "Khả dụng hệ thống theo ngày",
        ChartKeys.OnTime => English ? "Dossiers resolved on time, by week" : "Tỉ lệ giải quyết hồ sơ đúng hạn theo tuần",
        ChartKeys.Overdue => English ? "Overdue dossiers at each week's end" : "Hồ sơ quá hạn cuối mỗi tuần",
        ChartKeys.Ranking => English ? "Provinces ranked by dossiers resolved on time" : "Xếp hạng tỉnh/thành theo tỉ lệ giải quyết hồ sơ đúng hạn",
        _ => English ? "E-documents sent and received, by week" : "Văn bản điện tử gửi và nhận theo tuần",
    };

    /// <summary>The legend of a ranking's period (the summary's own period, not the charts' 30 days).</summary>
    public string ThisPeriod => English ? "this period" : "kỳ này";

    /// <summary>The legend of a ranking's period before.</summary>
    public string PeriodBefore => English ? "period before" : "kỳ trước";

    /// <summary>The legend of the current period.</summary>
    public string Current(bool daily) => daily ? (English ? "last 30 days" : "30 ngày qua") : (English ? "last 4 weeks" : "4 tuần qua");

    /// <summary>The legend of the previous period.</summary>
    public string Previous(bool daily) => daily ? (English ? "30 days before" : "30 ngày trước đó") : (English ? "4 weeks before" : "4 tuần trước đó");

    /// <summary>The legend of a slot without data.</summary>
    public string Gap => English ? "no data" : "không có số liệu";

    /// <summary>The unit of a count axis, with its multiplier: "nghìn hồ sơ" when the ticks are in thousands.</summary>
    public string CountUnit(string key, double divisor)
    {
        var what = key == ChartKeys.Overdue ? (English ? "dossiers" : "hồ sơ") : (English ? "documents" : "văn bản");
        return divisor switch
        {
            >= 1e6 => English ? "million " + what : "triệu " + what,
            >= 1e3 => English ? "thousand " + what : "nghìn " + what,
            _ => what,
        };
    }

    /// <summary>The divisor of a count axis whose top is <paramref name="max"/>: ticks stay at four digits or fewer.</summary>
    public static double Divisor(double max) => max >= 1e7 ? 1e6 : max >= 1e4 ? 1e3 : 1;

    /// <summary>A share as a percentage with one decimal: "99,5 %" / "99.5%".</summary>
    public string Percent(double share) => (share * 100).ToString("0.0", Culture) + (English ? "%" : " %");

    /// <summary>An axis tick of a share: no decimals when the step allows it.</summary>
    public string PercentTick(double share) => (share * 100).ToString("0.##", Culture) + (English ? "%" : " %");

    /// <summary>A count: "12.345" / "12,345".</summary>
    public string Count(double value) => Math.Round(value).ToString("#,0", Culture);

    /// <summary>An axis tick of a count divided by <paramref name="divisor"/>.</summary>
    public string CountTick(double value, double divisor) => (value / divisor).ToString("#,0.##", Culture);

    /// <summary>A day slot's label: its Vietnam date (the day's middle, as days are cut at the summaries' hour).</summary>
    public static string Day(DateTimeOffset start) => VietnamTime.ToVietnam(start.AddHours(12)).ToString("dd/MM", CultureInfo.InvariantCulture);

    /// <summary>A week slot's label: first and last Vietnam dates.</summary>
    public static string Week(DateTimeOffset start) =>
        VietnamTime.ToVietnam(start.AddHours(12)).ToString("dd/MM", CultureInfo.InvariantCulture) + "–" +
        VietnamTime.ToVietnam(start.AddDays(7).AddHours(-12)).ToString("dd/MM", CultureInfo.InvariantCulture);

    /// <summary>Why a chart is empty although InfluxDB answered.</summary>
    public string NoData(string key, DateTimeOffset end, string scope) => key switch
    {
        ChartKeys.Availability => English
            ? $"No data yet: availability is counted by whole day, and up to {SummaryText.Instant(end)} no day of scrapes has been rolled up for {scope}."
            : $"Chưa có số liệu: khả dụng tính theo ngày trọn vẹn, đến {SummaryText.Instant(end)} chưa có ngày nào được tổng hợp cho {scope}.",
        ChartKeys.Ranking => English
            ? $"No data: up to {SummaryText.Instant(end)} no province of {scope} resolved a dossier in the period (or none had figures at its start)."
            : $"Chưa có số liệu: đến {SummaryText.Instant(end)} chưa tỉnh/thành nào của {scope} giải quyết hồ sơ trong kỳ (hoặc chưa có số liệu đầu kỳ).",
        _ => English
            ? $"No data yet: a week counts once a unit has figures at its start and its end; up to {SummaryText.Instant(end)} no whole week has been collected for {scope}."
            : $"Chưa có số liệu: mỗi tuần chỉ tính khi đơn vị có số liệu ở đầu và cuối tuần; đến {SummaryText.Instant(end)} chưa có tuần trọn vẹn nào được thu thập cho {scope}.",
    };

    /// <summary>The comparison in words under a chart's title: the latest slot against the same slot of the previous period.</summary>
    public string Comparison(string key, TrendSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var daily = key == ChartKeys.Availability;
        if (daily)
        {
            var now = Mean(series.Current);
            var before = Mean(series.Previous);
            return (English ? "Average " : "Trung bình ") + (now is { } n ? Percent(n) : "—") + " · " +
                (English ? "period before " : "kỳ trước ") + (before is { } b ? Percent(b) : Gap);
        }

        var last = series.Current.Count - 1;
        string Text(double? v) => v is not { } x ? Gap : key == ChartKeys.OnTime ? Percent(x) : Count(x);
        return (English ? "Latest week " : "Tuần gần nhất ") + Text(series.Current[last]) + " · " +
            (English ? "same week before " : "cùng kỳ trước ") + Text(series.Previous.Count > last ? series.Previous[last] : null);
    }

    /// <summary>The banner of simulated history.</summary>
    public string Simulated => English
        ? "Simulated data: these figures include history written by seed-history for demonstration, not collected from the units."
        : "Dữ liệu mô phỏng: số liệu có phần lịch sử do seed-history tạo để trình diễn, không thu thập từ các đơn vị.";

    /// <summary>The sparkline columns' headings.</summary>
    public string SparkOnTime => English ? "On time, 8 weeks" : "Đúng hạn 8 tuần";

    /// <summary>The availability sparkline column's heading.</summary>
    public string SparkAvailability => English ? "Availability, 30 days" : "Khả dụng 30 ngày";

    private static double? Mean(IReadOnlyList<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return present.Count > 0 ? present.Average() : null;
    }
}

/// <summary>The charts' keys (data-testid <c>chart-{key}</c>).</summary>
public static class ChartKeys
{
    /// <summary>Availability by day.</summary>
    public const string Availability = "availability";

    /// <summary>On-time rate by week.</summary>
    public const string OnTime = "ontime";

    /// <summary>Overdue backlog at each week's end.</summary>
    public const string Overdue = "overdue";

    /// <summary>Documents exchanged by week.</summary>
    public const string Documents = "documents";

    /// <summary>Provinces ranked by on-time rate over the summary's period (reports).</summary>
    public const string Ranking = "ranking";
}
