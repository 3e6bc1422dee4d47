using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Algorithm.Construct;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Simplify;
using Supervision.Core.Common;
using Supervision.Core.Map;

namespace Supervision.Tools.Map;

/// <summary>
/// Builds the wallboard's map (<see cref="VietnamMapAsset"/>) from open geometry of the 63 former provinces: dissolves
/// them along <c>merged_from</c> into the 34 provinces of 2025, takes the Hoàng Sa and Trường Sa islands out as
/// markers, projects (equirectangular scaled by cos of the middle latitude, enough for a country this narrow),
/// simplifies to what a wall can show, and places the labels.
/// </summary>
public static class MapBuilder
{
    /// <summary>Height of the viewBox: one unit is about one pixel on a 1080-line wall.</summary>
    public const double Height = 1000;

    // Gaps and overlaps between neighbouring source shapes (a few hundred metres) would show as hairlines after the
    // dissolve: closed by growing and shrinking each merged outline by this much (degrees, ≈ 0.3 km).
    private const double SliverClose = 0.003;

    // Simplification tolerance in viewBox units (~0.6 px at 1080 lines) and the smallest island drawn (units²).
    private const double Tolerance = 0.6;
    private const double MinIslandArea = 1.5;

    // Islands east of this longitude belong to the archipelagos, not to the mainland outline.
    private const double ArchipelagoWest = 110.5;

    private const double Margin = 0.2;

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>
    /// The archipelagos: their province, label, and published approximate island positions (lat, lon) drawn in
    /// addition to the source's islands (Trường Sa Lớn is missing from the source) or instead of them if it has none.
    /// </summary>
    internal static readonly (string Province, LocalizedText Name, (double Lat, double Lon)[] Published)[] ArchipelagoList =
    [
        ("48", new LocalizedText("Quần đảo Hoàng Sa (Đà Nẵng)", "Hoàng Sa archipelago (Đà Nẵng)"), [(16.5, 112.0)]),
        ("56", new LocalizedText("Quần đảo Trường Sa (Khánh Hòa)", "Trường Sa archipelago (Khánh Hòa)"), [(8.64, 111.92), (11.43, 114.33)]),
    ];

    /// <summary>Builds the asset; errors name the file and line or the source shape.</summary>
    public static (VietnamMapAsset? Asset, IReadOnlyList<string> Errors) Build(string geoJsonPath, string provincesCsv, string sourceDescription)
    {
        var features = ReadFeatures(geoJsonPath);
        var table = CsvTable.Read(provincesCsv);
        var (groups, errors) = Match(features, table, geoJsonPath);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var mainland = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        var islands = new Dictionary<string, List<Coordinate>>(StringComparer.Ordinal);
        foreach (var (code, geometries) in groups)
        {
            var merged = factory.BuildGeometry(geometries).Union().Buffer(SliverClose).Buffer(-SliverClose);
            var kept = new List<Polygon>();
            foreach (var polygon in Polygons(merged))
            {
                if (polygon.Centroid.X > ArchipelagoWest)
                {
                    CollectionsMarshalAdd(islands, code, polygon.Centroid.Coordinate);
                }
                else
                {
                    kept.Add(polygon);
                }
            }

            mainland[code] = factory.CreateMultiPolygon([.. kept]);
        }

        foreach (var (province, _, published) in ArchipelagoList)
        {
            foreach (var (lat, lon) in published)
            {
                CollectionsMarshalAdd(islands, province, new Coordinate(lon, lat));
            }
        }

        var projection = Projection.Fit(mainland.Values.Select(g => g.EnvelopeInternal)
            .Concat(islands.Values.SelectMany(c => c).Select(c => new Envelope(c))), Margin, Height);
        var names = table.Rows.ToDictionary(r => r[table.Column("code")], r => r[table.Column("name_vi")], StringComparer.Ordinal);

        var outlines = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        foreach (var (code, geometry) in mainland)
        {
            var projected = projection.Apply(geometry);
            var simple = TopologyPreservingSimplifier.Simplify(projected, Tolerance);
            outlines[code] = factory.CreateMultiPolygon([.. Polygons(simple).Where(p => p.Area >= MinIslandArea)]);
        }

        var anchors = outlines.ToDictionary(o => o.Key, o => Anchor(o.Value), StringComparer.Ordinal);
        var placer = new LabelPlacer(projection.Width, projection.Height, outlines, anchors);
        var archipelagos = new List<MapArchipelago>();
        foreach (var (province, name, _) in ArchipelagoList)
        {
            var points = islands[province].Select(projection.Apply).ToArray();
            placer.AvoidPoints(points);
            var centre = new Coordinate(points.Average(p => p.X), points.Average(p => p.Y));
            var label = placer.PlaceArchipelago(centre, name.Vi);
            archipelagos.Add(new MapArchipelago(province, name, [.. points.Select(p => (IReadOnlyList<double>)[Round(p.X), Round(p.Y)])], label));
        }

        placer.Reserve(LabelPlacer.AttributionBox(projection.Width, projection.Height));
        var labels = placer.PlaceProvinces(names);
        var provinces = outlines.OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => new MapProvince(o.Key, names[o.Key], PathData(o.Value), [Round(anchors[o.Key].X), Round(anchors[o.Key].Y)], labels[o.Key]))
            .ToArray();

        var asset = new VietnamMapAsset(
            sourceDescription,
            new LocalizedText("Ranh giới: geoBoundaries.org (CC BY 4.0), gộp theo Nghị quyết 202/2025/QH15", "Boundaries: geoBoundaries.org (CC BY 4.0), merged per Resolution 202/2025/QH15"),
            [0, 0, Round(projection.Width), Round(projection.Height)],
            LabelPlacer.NameSize,
            LabelPlacer.CountSize,
            provinces,
            archipelagos);
        return (asset, []);
    }

    /// <summary>Writes the asset as JSON.</summary>
    public static void Write(VietnamMapAsset asset, Stream output) => JsonSerializer.Serialize(output, asset, VietnamMapAsset.JsonOptions);

    private static List<(string Name, string Iso, Geometry Geometry)> ReadFeatures(string path)
    {
        using var stream = File.OpenRead(path);
        var collection = JsonSerializer.Deserialize<FeatureCollection>(stream, GeoJsonOptions)
            ?? throw new FormatException($"{path}: not a GeoJSON FeatureCollection");
        var result = new List<(string, string, Geometry)>();
        for (var i = 0; i < collection.Count; i++)
        {
            var feature = collection[i];
            var name = feature.Attributes?.GetOptionalValue("shapeName") as string;
            if (string.IsNullOrWhiteSpace(name) || feature.Geometry is null)
            {
                throw new FormatException($"{path}: feature {i}: no shapeName or no geometry");
            }

            result.Add((name, feature.Attributes!.GetOptionalValue("shapeISO") as string ?? "?", feature.Geometry));
        }

        return result;
    }

    /// <summary>Old shapes per 2025 province code; every unmatched name and every unused shape is an error.</summary>
    internal static (Dictionary<string, List<Geometry>> Groups, List<string> Errors) Match(
        IReadOnlyList<(string Name, string Iso, Geometry Geometry)> features, CsvTable table, string sourcePath)
    {
        var errors = new List<string>();
        var byKey = new Dictionary<string, List<(string Name, string Iso, Geometry Geometry)>>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            var key = SourceMatcher.Key(feature.Name);
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            list.Add(feature);
        }

        var code = table.Column("code");
        var name = table.Column("name_vi");
        var mergedFrom = table.Column("merged_from");
        var claimedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<Geometry>>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var olds = string.IsNullOrWhiteSpace(row[mergedFrom])
                ? [row[name]]
                : row[mergedFrom].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var geometries = groups[row[code]] = [];
            foreach (var old in olds)
            {
                var key = SourceMatcher.Key(old);
                if (!byKey.TryGetValue(key, out var shapes))
                {
                    errors.Add($"{table.Path}:{row.Line}: merged_from: former province '{old}' of {row[code]} {row[name]} has no shape in {sourcePath}");
                }
                else if (claimedBy.TryGetValue(key, out var other))
                {
                    errors.Add($"{table.Path}:{row.Line}: merged_from: former province '{old}' is already part of {other}");
                }
                else
                {
                    claimedBy[key] = row[code];
                    geometries.AddRange(shapes.Select(s => s.Geometry));
                }
            }
        }

        foreach (var (key, shapes) in byKey.Where(k => !claimedBy.ContainsKey(k.Key)))
        {
            foreach (var shape in shapes)
            {
                errors.Add($"{sourcePath}: shape '{shape.Name}' ({shape.Iso}, key '{key}') matches no former province in {table.Path}");
            }
        }

        return (groups, errors);
    }

    private static void CollectionsMarshalAdd(Dictionary<string, List<Coordinate>> map, string key, Coordinate value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private static IEnumerable<Polygon> Polygons(Geometry geometry)
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is Polygon { IsEmpty: false } polygon)
            {
                yield return polygon;
            }
        }
    }

    // The centre of the largest circle inside the largest part: a label point well inside even a crescent-shaped province.
    private static Coordinate Anchor(Geometry outline)
    {
        var largest = Polygons(outline).MaxBy(p => p.Area)!;
        return MaximumInscribedCircle.GetCenter(largest, 0.5).Coordinate;
    }

    private static double Round(double value) => Math.Round(value, 1);

    /// <summary>SVG path data: absolute move, then relative lines in tenths of a unit (no drift from rounding), closed.</summary>
    internal static string PathData(Geometry outline)
    {
        var sb = new StringBuilder();
        foreach (var polygon in Polygons(outline))
        {
            AppendRing(sb, polygon.ExteriorRing.Coordinates);
            foreach (var hole in polygon.InteriorRings)
            {
                AppendRing(sb, hole.Coordinates);
            }
        }

        return sb.ToString();
    }

    private static void AppendRing(StringBuilder sb, Coordinate[] ring)
    {
        var (px, py) = (Tenths(ring[0].X), Tenths(ring[0].Y));
        sb.Append('M').Append(Format(px)).Append(' ').Append(Format(py)).Append('l');
        var first = true;
        for (var i = 1; i < ring.Length - 1; i++)
        {
            var (x, y) = (Tenths(ring[i].X), Tenths(ring[i].Y));
            if (x == px && y == py)
            {
                continue;
            }

            var dx = Format(x - px);
            var dy = Format(y - py);
            if (!first && !dx.StartsWith('-'))
            {
                sb.Append(' ');
            }

            sb.Append(dx);
            if (!dy.StartsWith('-'))
            {
                sb.Append(' ');
            }

            sb.Append(dy);
            (px, py, first) = (x, y, false);
        }

        sb.Append('z');
    }

    private static long Tenths(double value) => (long)Math.Round(value * 10);

    // "0.5" is written ".5": a third of the file is these.
    private static string Format(long tenths)
    {
        var text = (tenths / 10.0).ToString("0.#", CultureInfo.InvariantCulture);
        return text.StartsWith("0.", StringComparison.Ordinal) ? text[1..]
            : text.StartsWith("-0.", StringComparison.Ordinal) ? "-" + text[2..]
            : text;
    }
}
