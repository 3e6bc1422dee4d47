namespace Supervision.Core.InventoryFiles;

/// <summary>
/// Writes the national default inventory from the official unit tables (shared/data): the central
/// agencies, the 34 provinces and their 3,321 communes with real codes and names, each running the
/// systems the catalogue gives its level. The output is plain inventory YAML that operators edit.
/// </summary>
public static class InventoryGenerator
{
    /// <summary>Reads <c>vn-provinces-2025.csv</c> and <c>vn-communes-2025.csv</c> from <paramref name="dataDirectory"/> and writes YAML.</summary>
    public static void Generate(string dataDirectory, string baseUrl, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var provinces = CsvTable.Read(Path.Combine(dataDirectory, "vn-provinces-2025.csv"));
        var communes = CsvTable.Read(Path.Combine(dataDirectory, "vn-communes-2025.csv"));

        output.WriteLine("# Supervision inventory: the national default fleet (format: docs/inventory.md).");
        output.WriteLine("# Generated from shared/data (official codes as of 1 July 2025) by");
        output.WriteLine("#   dotnet run --project src/Tools -- generate-inventory");
        output.WriteLine("# Edit freely: later resolutions (a new ward, a province becoming a city) change this file.");
        output.WriteLine($"version: {InventoryLimits.FormatVersion}");
        output.WriteLine("defaults:");
        output.WriteLine($"  baseUrl: {Quote(baseUrl)}");
        output.WriteLine("  interval: 15s");
        output.WriteLine("  timeout: 10s");
        output.WriteLine("units:");
        output.WriteLine("  - { id: central, name: \"Cơ quan Trung ương\", nameAscii: \"Co quan Trung uong\", level: central, kind: agency }");
        output.WriteLine("  # The supervision center itself (self-monitoring, docs/self-monitoring.md): its own parts are scraped like any");
        output.WriteLine("  # other target and watched by rules/center.yaml. Point these at where the parts run (scripts/run.sh rewrites the");
        output.WriteLine("  # ports); InfluxDB is read through its own statistics (/debug/vars) and answers /ping for health.");
        output.WriteLine("  - id: center");
        output.WriteLine("    name: \"Trung tâm giám sát\"");
        output.WriteLine("    nameAscii: \"Trung tam giam sat\"");
        output.WriteLine("    level: center");
        output.WriteLine("    kind: center");
        output.WriteLine("    interval: 15s");
        output.WriteLine("    timeout: 5s");
        output.WriteLine("    systems:");
        output.WriteLine("      - { system: collector, baseUrl: \"http://127.0.0.1:9200\", healthPath: /healthz }");
        output.WriteLine("      - { system: alerting, baseUrl: \"http://127.0.0.1:9300\", healthPath: /healthz }");
        output.WriteLine("      - { system: dashboard, baseUrl: \"http://127.0.0.1:5000\", healthPath: /healthz }");
        output.WriteLine("      - { system: influxdb, baseUrl: \"http://127.0.0.1:8086\", healthPath: /ping, metricsPath: /debug/vars }");

        var code = provinces.Column("code");
        var nameVi = provinces.Column("name_vi");
        var nameAscii = provinces.Column("name_ascii");
        var kind = provinces.Column("kind");
        var region = provinces.Column("region");
        var lat = provinces.Column("centre_lat");
        var lon = provinces.Column("centre_lon");
        var regionByProvince = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in provinces.Rows)
        {
            regionByProvince[row[code]] = row[region];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  - {{ id: {Quote(row[code])}, name: {Quote(row[nameVi])}, nameAscii: {Quote(row[nameAscii])}, level: province, kind: {row[kind]}, region: {row[region]}, lat: {row[lat]}, lon: {row[lon]} }}"));
        }

        var cProvince = communes.Column("province_code");
        var cCode = communes.Column("code");
        var cName = communes.Column("name_vi");
        var cAscii = communes.Column("name_ascii");
        var cKind = communes.Column("kind");
        foreach (var row in communes.Rows)
        {
            var regionText = regionByProvince.TryGetValue(row[cProvince], out var r) ? $", region: {r}" : string.Empty;
            output.WriteLine(
                $"  - {{ id: {Quote(row[cCode])}, name: {Quote(row[cName])}, nameAscii: {Quote(row[cAscii])}, level: commune, province: {Quote(row[cProvince])}, kind: {row[cKind]}{regionText} }}");
        }
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
