using System.Globalization;
using System.Text;
using Supervision.Core.Influx;

namespace Supervision.Testing;

/// <summary>
/// Line protocol for the 1-hour roll-ups (docs/storage.md, scripts/influxdb-setup.iql) as the continuous
/// queries would write them, so summary tests can write a small fixed data set directly into the
/// <c>hourly</c> retention policy.
/// </summary>
public sealed class RollupLines
{
    private readonly StringBuilder _lines = new();

    /// <summary>Lines written so far.</summary>
    public int Count { get; private set; }

    /// <summary>A dossier point of one procedure: received (cumulative), overdue and in progress (gauges).</summary>
    public RollupLines Dossier(string unit, string province, string level, string procedure, DateTimeOffset hour, double received, double overdue, double inProgress) =>
        Line($"dossier,level={level},procedure={procedure},province={province},system=dossier,unit={unit}",
            $"max_dossier_received_total={F(received)},last_dossier_received_total={F(received)},max_dossier_overdue={F(overdue)},last_dossier_overdue={F(overdue)},max_dossier_in_progress={F(inProgress)},last_dossier_in_progress={F(inProgress)}",
            hour);

    /// <summary>A dossier point of one procedure's resolved counter (timeliness on_time or late).</summary>
    public RollupLines Resolved(string unit, string province, string level, string procedure, string timeliness, DateTimeOffset hour, double resolved) =>
        Line($"dossier,level={level},procedure={procedure},province={province},system=dossier,timeliness={timeliness},unit={unit}",
            $"max_dossier_resolved_total={F(resolved)},last_dossier_resolved_total={F(resolved)}", hour);

    /// <summary>An e-document point of one channel (cumulative sent and received).</summary>
    public RollupLines Edoc(string unit, string province, string level, string channel, DateTimeOffset hour, double sent, double received) =>
        Line($"edoc,channel={channel},level={level},province={province},system=edoc,unit={unit}",
            $"max_edoc_documents_sent_total={F(sent)},last_edoc_documents_sent_total={F(sent)},max_edoc_documents_received_total={F(received)},last_edoc_documents_received_total={F(received)}",
            hour);

    /// <summary>A unit's availability in one hour (the availability fields of <c>summary_unit</c>).</summary>
    public RollupLines UnitAvailability(string unit, string province, string level, DateTimeOffset hour, long up, long scrapes) =>
        Line($"summary_unit,level={level}{ProvinceTag(province)},unit={unit}", $"up_sum={up}i,scrapes={scrapes}i", hour);

    /// <summary>A <c>summary_unit</c> point with any of its fields (line-protocol field set), as the summary roll-ups chain it.</summary>
    public RollupLines Unit(string unit, string province, string level, DateTimeOffset hour, string fields) =>
        Line($"summary_unit,level={level}{ProvinceTag(province)},unit={unit}", fields, hour);

    /// <summary>One system's availability at one level of one province in one hour (<c>summary_availability</c>).</summary>
    public RollupLines SystemAvailability(string province, string level, string system, DateTimeOffset hour, long up, long scrapes) =>
        Line($"summary_availability,level={level}{ProvinceTag(province)},system={system}", $"up_sum={up}i,scrapes={scrapes}i", hour);

    /// <summary>Writes the lines into the <c>hourly</c> retention policy of <paramref name="database"/>.</summary>
    public async Task WriteAsync(Uri influx, string database = "supervision")
    {
        using var http = new HttpClient();
        var client = new InfluxClient(http, new InfluxOptions { Url = influx.ToString(), Database = database, RetentionPolicy = "hourly", Gzip = false });
        await client.WriteAsync(Encoding.UTF8.GetBytes(_lines.ToString()), InfluxPrecision.Seconds);
    }

    /// <inheritdoc />
    public override string ToString() => _lines.ToString();

    private static string ProvinceTag(string province) => province.Length == 0 ? string.Empty : ",province=" + province;

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private RollupLines Line(string key, string fields, DateTimeOffset hour)
    {
        _lines.Append(key).Append(' ').Append(fields).Append(' ').Append(hour.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        Count++;
        return this;
    }
}
