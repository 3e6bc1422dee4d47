using System.Globalization;
using System.Text;
using Supervision.Core.Influx;
using Supervision.Core.Schema;

namespace Supervision.Testing;

/// <summary>
/// Line protocol for the summary roll-ups (docs/storage.md, scripts/influxdb-setup.iql), so summary tests can write a
/// small fixed data set directly. Dossier and e-document values are given per procedure or channel, as the old
/// per-series roll-ups held them, and are summed into the collector's part of their unit and hour
/// (<c>raw.summary_unit_part</c>, collector <c>test</c>) exactly as a collector's stream roll-up would; availability
/// goes straight into <c>hourly.summary_unit</c> / <c>hourly.summary_availability</c>.
/// </summary>
public sealed class RollupLines
{
    private readonly StringBuilder _lines = new();
    private readonly SortedDictionary<(string Unit, string Province, string Level, long Hour), SortedDictionary<string, double>> _parts = [];

    /// <summary>Lines written so far (parts count once per unit and hour).</summary>
    public int Count => _direct + _parts.Count;

    private int _direct;

    /// <summary>A dossier point of one procedure: received (cumulative), overdue and in progress (gauges).</summary>
    public RollupLines Dossier(string unit, string province, string level, string procedure, DateTimeOffset hour, double received, double overdue, double inProgress)
    {
        _ = procedure;
        return Part(unit, province, level, hour, (SummaryFields.Received, received), (SummaryFields.Overdue, overdue), (SummaryFields.InProgress, inProgress));
    }

    /// <summary>A dossier point of one procedure's resolved counter (timeliness on_time or late).</summary>
    public RollupLines Resolved(string unit, string province, string level, string procedure, string timeliness, DateTimeOffset hour, double resolved)
    {
        _ = procedure;
        return Part(unit, province, level, hour, (timeliness == CatalogueLabels.OnTime ? SummaryFields.OnTime : SummaryFields.Late, resolved));
    }

    /// <summary>An e-document point of one channel (cumulative sent and received).</summary>
    public RollupLines Edoc(string unit, string province, string level, string channel, DateTimeOffset hour, double sent, double received)
    {
        _ = channel;
        return Part(unit, province, level, hour, (SummaryFields.DocsSent, sent), (SummaryFields.DocsReceived, received));
    }

    /// <summary>A unit's availability in one hour (the availability fields of <c>summary_unit</c>).</summary>
    public RollupLines UnitAvailability(string unit, string province, string level, DateTimeOffset hour, long up, long scrapes) =>
        Line($"summary_unit,level={level}{ProvinceTag(province)},unit={unit}", $"up_sum={up}i,scrapes={scrapes}i", hour);

    /// <summary>A <c>summary_unit</c> point with any of its fields (line-protocol field set), as the summary roll-ups chain it.</summary>
    public RollupLines Unit(string unit, string province, string level, DateTimeOffset hour, string fields) =>
        Line($"summary_unit,level={level}{ProvinceTag(province)},unit={unit}", fields, hour);

    /// <summary>One system's availability at one level of one province in one hour (<c>summary_availability</c>).</summary>
    public RollupLines SystemAvailability(string province, string level, string system, DateTimeOffset hour, long up, long scrapes) =>
        Line($"summary_availability,level={level}{ProvinceTag(province)},system={system}", $"up_sum={up}i,scrapes={scrapes}i", hour);

    /// <summary>Writes the parts into the <c>raw</c> and the rest into the <c>hourly</c> retention policy of <paramref name="database"/>.</summary>
    public async Task WriteAsync(Uri influx, string database = "supervision")
    {
        using var http = new HttpClient();
        if (_lines.Length > 0)
        {
            await Client(http, influx, database, "hourly").WriteAsync(Encoding.UTF8.GetBytes(_lines.ToString()), InfluxPrecision.Seconds);
        }

        if (_parts.Count > 0)
        {
            await Client(http, influx, database, "raw").WriteAsync(Encoding.UTF8.GetBytes(Parts()), InfluxPrecision.Seconds);
        }
    }

    /// <inheritdoc />
    public override string ToString() => _lines + Parts();

    private static InfluxClient Client(HttpClient http, Uri influx, string database, string retentionPolicy) =>
        new(http, new InfluxOptions { Url = influx.ToString(), Database = database, RetentionPolicy = retentionPolicy, Gzip = false });

    private string Parts()
    {
        var text = new StringBuilder();
        foreach (var ((unit, province, level, hour), fields) in _parts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Measurements.SummaryUnitPart},collector=test,level={level}{ProvinceTag(province)},unit={unit} ")
                .AppendJoin(',', fields.Select(f => f.Key + "=" + F(f.Value)))
                .Append(' ').Append(hour.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private RollupLines Part(string unit, string province, string level, DateTimeOffset hour, params (string Field, double Value)[] values)
    {
        var key = (unit, province, level, hour.ToUnixTimeSeconds());
        if (!_parts.TryGetValue(key, out var fields))
        {
            fields = new SortedDictionary<string, double>(StringComparer.Ordinal);
            _parts[key] = fields;
        }

        foreach (var (field, value) in values)
        {
            fields[field] = fields.GetValueOrDefault(field) + value;
        }

        return this;
    }

    private static string ProvinceTag(string province) => province.Length == 0 ? string.Empty : ",province=" + province;

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private RollupLines Line(string key, string fields, DateTimeOffset hour)
    {
        _lines.Append(key).Append(' ').Append(fields).Append(' ').Append(hour.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        _direct++;
        return this;
    }
}
