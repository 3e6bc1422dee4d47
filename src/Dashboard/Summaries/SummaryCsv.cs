namespace Supervision.Dashboard.Summaries;

/// <summary>
/// The summary's tables as CSV (RFC 4180: comma-separated, CRLF, fields with comma, quote or line
/// break quoted, quotes doubled), UTF-8 with a byte-order mark so Excel shows Vietnamese right.
/// Numbers are invariant (dot decimals) so any tool reads them; shares are percentages with two decimals.
/// </summary>
public static class SummaryCsv
{
    /// <summary>The tables that can be exported, as named in the URL.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["headline", "systems", "provinces", "communes", "warnings"];

    private static readonly string[] UnitHeader =
    [
        "hang", "ma", "ten", "ma_tinh", "tinh", "dinh_tre", "kha_dung_pct", "ho_so_tiep_nhan", "ho_so_giai_quyet",
        "giai_quyet_dung_han", "ty_le_dung_han_pct", "qua_han", "don_vi_dinh_tre", "van_ban_gui", "van_ban_nhan",
        "ty_le_dung_han_ky_truoc_pct", "qua_han_ky_truoc", "kha_dung_ky_truoc_pct",
    ];

    /// <summary>The CSV bytes (with BOM) of one table; false when the table name is unknown.</summary>
    public static bool TryWrite(SummarySheet sheet, string table, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var csv = new StringBuilder(4096);
        switch (table)
        {
            case "headline":
                Headline(sheet, csv);
                break;
            case "systems":
                Line(csv, "he_thong", "ten", "kha_dung_pct", "kha_dung_ky_truoc_pct");
                foreach (var s in sheet.Systems)
                {
                    Line(csv, s.System, SummaryText.System(s.System), Pct(s.Availability), Pct(s.Previous));
                }

                break;
            case "provinces":
                Units(csv, sheet.Provinces);
                break;
            case "communes":
                Units(csv, sheet.Communes);
                break;
            case "warnings":
                Warnings(sheet, csv);
                break;
            default:
                bytes = [];
                return false;
        }

        var preamble = Encoding.UTF8.GetPreamble();
        bytes = new byte[preamble.Length + Encoding.UTF8.GetByteCount(csv.ToString())];
        preamble.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(csv.ToString(), 0, csv.Length, bytes, preamble.Length);
        return true;
    }

    /// <summary>One field, quoted when RFC 4180 needs it.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void Headline(SummarySheet sheet, StringBuilder csv)
    {
        Line(csv, "chi_tieu", "ky_nay", "ky_truoc");
        var (now, before) = (sheet.Current, sheet.Previous);
        Line(csv, "kha_dung_pct", Pct(now.Availability), Pct(before.Availability));
        Line(csv, "ho_so_tiep_nhan", Num(now.Received), Num(before.Received));
        Line(csv, "ho_so_giai_quyet", Num(now.Resolved), Num(before.Resolved));
        Line(csv, "giai_quyet_dung_han", Num(now.ResolvedOnTime), Num(before.ResolvedOnTime));
        Line(csv, "ty_le_dung_han_pct", Pct(now.OnTimeRate), Pct(before.OnTimeRate));
        Line(csv, "qua_han", Num(now.Overdue), Num(before.Overdue));
        Line(csv, "don_vi_dinh_tre", Num(now.StalledUnits), string.Empty);
        Line(csv, "van_ban_gui", Num(now.DocumentsSent), Num(before.DocumentsSent));
        Line(csv, "van_ban_nhan", Num(now.DocumentsReceived), Num(before.DocumentsReceived));
        Line(csv, "tu", Iso(sheet.Window.Start), Iso(sheet.Window.PreviousStart));
        Line(csv, "den", Iso(sheet.Window.End), Iso(sheet.Window.PreviousEnd));
    }

    private static void Units(StringBuilder csv, IReadOnlyList<UnitRow> rows)
    {
        Line(csv, UnitHeader);
        foreach (var r in rows)
        {
            var (n, p) = (r.Current, r.Previous);
            Line(csv, Num(r.Rank), r.Code, r.Name, r.ProvinceCode, r.ProvinceName, r.Stalled ? "1" : "0", Pct(n.Availability), Num(n.Received),
                Num(n.Resolved), Num(n.ResolvedOnTime), Pct(n.OnTimeRate), Num(n.Overdue), Num(n.StalledUnits), Num(n.DocumentsSent),
                Num(n.DocumentsReceived), Pct(p.OnTimeRate), Num(p.Overdue), Pct(p.Availability));
        }
    }

    private static void Warnings(SummarySheet sheet, StringBuilder csv)
    {
        Line(csv, "ma", "ten", "ma_tinh", "tinh", "ly_do", "xu_huong", "ty_le_dung_han_pct", "ty_le_dung_han_ky_truoc_pct", "qua_han",
            "qua_han_ky_truoc", "kha_dung_pct");
        foreach (var w in sheet.Warnings)
        {
            var u = w.Unit;
            var reasons = new StringBuilder();
            foreach (var reason in w.Reasons)
            {
                reasons.Append(reasons.Length > 0 ? "; " : string.Empty).Append(SummaryText.Reason(reason));
            }

            Line(csv, u.Code, u.Name, u.ProvinceCode, u.ProvinceName, reasons.ToString(), SummaryText.Trend(w.Trend), Pct(u.Current.OnTimeRate),
                Pct(u.Previous.OnTimeRate), Num(u.Current.Overdue), Num(u.Previous.Overdue), Pct(u.Current.Availability));
        }
    }

    private static void Line(StringBuilder csv, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }

    private static string Pct(double? ratio) => ratio is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) : string.Empty;

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
