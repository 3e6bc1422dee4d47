namespace Supervision.Testing;

/// <summary>
/// The small fixed data set of the summary tests, as the roll-ups would hold it, with the instants of a
/// 7-day summary seen on Wednesday 25 November 2026, 10:30 UTC (17:30 in Vietnam). Expected figures are
/// worked out by hand in the comments of Dashboard.Tests SummaryServiceTests.
/// </summary>
public static class SummaryDataSet
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);

    /// <summary>End of the 7-day window: the last whole hour.</summary>
    public static readonly DateTimeOffset End = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Start = End.AddDays(-7);

    public static readonly DateTimeOffset PreviousStart = End.AddDays(-14);

    /// <summary>8 h of working time before the end (Wednesday 17:00 in Vietnam) is 09:00 the same day = 02:00 UTC.</summary>
    public static readonly DateTimeOffset StallStart = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A commune of Hồ Chí Minh city (79) that stalls.</summary>
    public const string TanDinh = "26737";

    /// <summary>A commune of 79 without data before the previous window.</summary>
    public const string ThuDauMot = "25747";

    /// <summary>Builds the lines; each boundary value is written one hour before its instant (the hour it closes).</summary>
    public static RollupLines Build(TimeSpan? shift = null)
    {
        var d = shift ?? TimeSpan.Zero;
        DateTimeOffset At(DateTimeOffset boundary) => boundary.AddHours(-1) + d;
        var (ps, s, x, e) = (At(PreviousStart), At(Start), At(StallStart), At(End));
        var lines = new RollupLines();

        // Province 79's own dossier system: two procedures.
        lines.Dossier("79", "79", "province", "1.001612", ps, 100, 3, 10).Dossier("79", "79", "province", "1.004946", ps, 50, 1, 10)
            .Resolved("79", "79", "province", "1.001612", "on_time", ps, 80).Resolved("79", "79", "province", "1.001612", "late", ps, 10)
            .Resolved("79", "79", "province", "1.004946", "on_time", ps, 40).Resolved("79", "79", "province", "1.004946", "late", ps, 0);
        lines.Dossier("79", "79", "province", "1.001612", s, 200, 4, 10).Dossier("79", "79", "province", "1.004946", s, 100, 2, 10)
            .Resolved("79", "79", "province", "1.001612", "on_time", s, 150).Resolved("79", "79", "province", "1.001612", "late", s, 20)
            .Resolved("79", "79", "province", "1.004946", "on_time", s, 80).Resolved("79", "79", "province", "1.004946", "late", s, 5);
        lines.Resolved("79", "79", "province", "1.001612", "on_time", x, 250).Resolved("79", "79", "province", "1.001612", "late", x, 30)
            .Resolved("79", "79", "province", "1.004946", "on_time", x, 120).Resolved("79", "79", "province", "1.004946", "late", x, 8);
        lines.Dossier("79", "79", "province", "1.001612", e, 320, 10, 10).Dossier("79", "79", "province", "1.004946", e, 160, 5, 10)
            .Resolved("79", "79", "province", "1.001612", "on_time", e, 260).Resolved("79", "79", "province", "1.001612", "late", e, 30)
            .Resolved("79", "79", "province", "1.004946", "on_time", e, 120).Resolved("79", "79", "province", "1.004946", "late", e, 10);

        // Tân Định: nothing resolved since the stall boundary, backlog of 25.
        lines.Dossier(TanDinh, "79", "commune", "1.000894", ps, 10, 0, 5).Resolved(TanDinh, "79", "commune", "1.000894", "on_time", ps, 5).Resolved(TanDinh, "79", "commune", "1.000894", "late", ps, 0);
        lines.Dossier(TanDinh, "79", "commune", "1.000894", s, 30, 1, 10).Resolved(TanDinh, "79", "commune", "1.000894", "on_time", s, 20).Resolved(TanDinh, "79", "commune", "1.000894", "late", s, 0);
        lines.Resolved(TanDinh, "79", "commune", "1.000894", "on_time", x, 30).Resolved(TanDinh, "79", "commune", "1.000894", "late", x, 5);
        lines.Dossier(TanDinh, "79", "commune", "1.000894", e, 60, 8, 25).Resolved(TanDinh, "79", "commune", "1.000894", "on_time", e, 30).Resolved(TanDinh, "79", "commune", "1.000894", "late", e, 5);

        // Thủ Dầu Một: no point before the previous window.
        lines.Dossier(ThuDauMot, "79", "commune", "1.000894", s, 100, 0, 10).Resolved(ThuDauMot, "79", "commune", "1.000894", "on_time", s, 90).Resolved(ThuDauMot, "79", "commune", "1.000894", "late", s, 0);
        lines.Resolved(ThuDauMot, "79", "commune", "1.000894", "on_time", x, 150).Resolved(ThuDauMot, "79", "commune", "1.000894", "late", x, 0);
        lines.Dossier(ThuDauMot, "79", "commune", "1.000894", e, 200, 0, 18).Resolved(ThuDauMot, "79", "commune", "1.000894", "on_time", e, 180).Resolved(ThuDauMot, "79", "commune", "1.000894", "late", e, 2);

        // Hà Nội (01), province level.
        lines.Dossier("01", "01", "province", "1.001612", ps, 600, 15, 50).Resolved("01", "01", "province", "1.001612", "on_time", ps, 500).Resolved("01", "01", "province", "1.001612", "late", ps, 50);
        lines.Dossier("01", "01", "province", "1.001612", s, 1000, 20, 50).Resolved("01", "01", "province", "1.001612", "on_time", s, 900).Resolved("01", "01", "province", "1.001612", "late", s, 100);
        lines.Resolved("01", "01", "province", "1.001612", "on_time", x, 950).Resolved("01", "01", "province", "1.001612", "late", x, 120);
        lines.Dossier("01", "01", "province", "1.001612", e, 1500, 10, 50).Resolved("01", "01", "province", "1.001612", "on_time", e, 1300).Resolved("01", "01", "province", "1.001612", "late", e, 200);

        // E-documents of 79: two channels.
        lines.Edoc("79", "79", "province", "vdxp", ps, 800, 1500).Edoc("79", "79", "province", "vdxp", s, 1000, 2000).Edoc("79", "79", "province", "vdxp", e, 1500, 2600);
        lines.Edoc("79", "79", "province", "lgsp", ps, 0, 0).Edoc("79", "79", "province", "lgsp", s, 10, 0).Edoc("79", "79", "province", "lgsp", e, 30, 5);

        // Availability per unit: inside the window, one point exactly at its end (excluded), one in the previous window.
        lines.UnitAvailability("79", "79", "province", Start.AddHours(1) + d, 200, 240).UnitAvailability("79", "79", "province", End.AddHours(-1) + d, 240, 240)
            .UnitAvailability("79", "79", "province", End + d, 0, 240).UnitAvailability("79", "79", "province", PreviousStart.AddHours(2) + d, 240, 240);
        lines.UnitAvailability(TanDinh, "79", "commune", Start.AddHours(5) + d, 100, 200);
        lines.UnitAvailability("01", "01", "province", Start.AddHours(3) + d, 480, 480);

        // Availability per system.
        lines.SystemAvailability("79", "province", "dossier", Start.AddHours(1) + d, 230, 240).SystemAvailability("79", "province", "edoc", Start.AddHours(1) + d, 210, 240)
            .SystemAvailability("79", "commune", "dossier", Start.AddHours(5) + d, 100, 200).SystemAvailability("01", "province", "dossier", Start.AddHours(3) + d, 480, 480)
            .SystemAvailability(string.Empty, "central", "edoc", Start.AddHours(2) + d, 100, 100)
            .SystemAvailability("79", "province", "edoc", PreviousStart.AddHours(4) + d, 120, 240);
        return lines;
    }
}
