namespace Supervision.Dashboard.Components.Widgets;

/// <summary>
/// What each exposition rule id (the collector's <c>ExpositionRule</c> ids and <c>unstorable-{part}</c>, docs in
/// src/Collector/README.md) means, in words a province's vendor can act on: Vietnamese by default, or English.
/// An id not listed here is shown as it is.
/// </summary>
public static class ExpositionRuleText
{
    private static readonly Dictionary<string, (string Vi, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["line-syntax"] = ("Sai cú pháp dòng", "Line syntax"),
        ["metric-name"] = ("Tên chỉ số không hợp lệ", "Invalid metric name"),
        ["label-syntax"] = ("Sai cú pháp nhãn", "Label syntax"),
        ["escape"] = ("Ký tự thoát (\\) không hợp lệ", "Invalid escape sequence"),
        ["value"] = ("Giá trị không phải số hợp lệ", "Invalid sample value"),
        ["timestamp"] = ("Dấu thời gian không hợp lệ", "Invalid timestamp"),
        ["unknown-type"] = ("Kiểu chỉ số không xác định", "Unknown metric type"),
        ["eof"] = ("Thiếu hoặc đặt sai dòng # EOF", "Missing or misplaced # EOF"),
        ["utf8"] = ("Không phải văn bản UTF-8 hợp lệ", "Invalid UTF-8"),
        ["exemplar-syntax"] = ("Sai cú pháp exemplar", "Exemplar syntax"),
        ["duplicate-label"] = ("Một nhãn xuất hiện hai lần", "Duplicate label"),
        ["reserved-label"] = ("Dùng tên nhãn dành riêng", "Reserved label name"),
        ["metadata-repeated"] = ("HELP/TYPE/UNIT khai báo lặp lại", "HELP/TYPE/UNIT repeated"),
        ["metadata-after-samples"] = ("HELP/TYPE/UNIT đặt sau số liệu", "HELP/TYPE/UNIT after samples"),
        ["family-interleaved"] = ("Các dòng của một họ chỉ số bị tách rời", "Metric family split by another"),
        ["name-clash"] = ("Trùng tên giữa hai họ chỉ số", "Name clash between families"),
        ["sample-suffix"] = ("Hậu tố tên không hợp với kiểu chỉ số", "Sample suffix does not fit the type"),
        ["unit"] = ("Khai báo đơn vị đo (UNIT) sai", "Wrong UNIT"),
        ["counter-value"] = ("Bộ đếm âm hoặc NaN", "Counter negative or NaN"),
        ["histogram-le"] = ("Nhãn le của histogram sai", "Histogram le label"),
        ["histogram-buckets"] = ("Các bucket của histogram sai", "Histogram buckets"),
        ["histogram-sum-count"] = ("_sum/_count của histogram sai", "Histogram _sum/_count"),
        ["summary-quantile"] = ("Nhãn quantile của summary sai", "Summary quantile label"),
        ["summary-value"] = ("Giá trị của summary sai", "Summary value"),
        ["state-set"] = ("Giá trị stateset không phải 0 hoặc 1", "Stateset value not 0 or 1"),
        ["info-value"] = ("Giá trị info khác 1", "Info value not 1"),
        ["exemplar-placement"] = ("Exemplar đặt sai chỗ", "Exemplar misplaced"),
        ["exemplar-length"] = ("Exemplar quá dài", "Exemplar too long"),
        ["metric-interleaved"] = ("Các mẫu của một chỉ số bị xen kẽ", "Metric samples interleaved"),
        ["timestamp-order"] = ("Dấu thời gian đi lùi", "Timestamps going backwards"),
        ["final-newline"] = ("Thiếu ký tự xuống dòng ở cuối", "No final newline"),
        ["label-separator"] = ("Thiếu dấu phẩy giữa hai nhãn", "No comma between labels"),
        ["unstorable-measurement"] = ("InfluxDB không lưu được: tên chỉ số", "InfluxDB cannot store: metric name"),
        ["unstorable-tag-key"] = ("InfluxDB không lưu được: tên nhãn", "InfluxDB cannot store: label name"),
        ["unstorable-tag-value"] = ("InfluxDB không lưu được: giá trị nhãn", "InfluxDB cannot store: label value"),
        ["unstorable-field-key"] = ("InfluxDB không lưu được: tên trường", "InfluxDB cannot store: field name"),
        ["unstorable-field-value"] = ("InfluxDB không lưu được: giá trị", "InfluxDB cannot store: value"),
        ["unstorable-series-key"] = ("InfluxDB không lưu được: chuỗi quá dài", "InfluxDB cannot store: series key too long"),
        ["unstorable-timestamp"] = ("InfluxDB không lưu được: dấu thời gian", "InfluxDB cannot store: timestamp"),
    };

    /// <summary>The rule in words, or the id itself when unknown.</summary>
    public static string Describe(string rule, bool english) =>
        Texts.TryGetValue(rule, out var text) ? (english ? text.En : text.Vi) : rule;

    /// <summary>What became of the scrape: nothing stored (fatal), or the readable samples stored.</summary>
    public static string Effect(bool fatal, bool english) => (fatal, english) switch
    {
        (true, false) => "Không đọc được, lần thu thập bị bỏ",
        (false, false) => "Vẫn lưu phần hợp lệ",
        (true, true) => "Unreadable, scrape not stored",
        _ => "Valid samples stored",
    };
}
