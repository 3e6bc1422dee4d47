using System.Text.Json.Serialization;

namespace Supervision.Core.Map;

/// <summary>
/// The national map as drawn by the wallboard: the 34 provinces of 2025 as SVG paths in one plane (viewBox units,
/// y down), each with the point its label points at and the label's box, and the two archipelagos as island
/// markers. Written by <c>Supervision.Tools build-map</c> (src/Dashboard/Map/SOURCE.md), read by the Dashboard.
/// </summary>
/// <param name="Source">Where the geometry comes from (repository, path, commit).</param>
/// <param name="Attribution">The attribution the source's licence asks for, shown on the map.</param>
/// <param name="ViewBox">The SVG viewBox: min x, min y, width, height.</param>
/// <param name="NameSize">Font size of province names, in viewBox units.</param>
/// <param name="CountSize">Font size of the counts line under a name, in viewBox units.</param>
/// <param name="Provinces">One entry per province code of 2025.</param>
/// <param name="Archipelagos">Hoàng Sa and Trường Sa.</param>
public sealed record VietnamMapAsset(
    string Source,
    LocalizedText Attribution,
    IReadOnlyList<double> ViewBox,
    double NameSize,
    double CountSize,
    IReadOnlyList<MapProvince> Provinces,
    IReadOnlyList<MapArchipelago> Archipelagos)
{
    /// <summary>The serializer settings of the asset file (camelCase, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>A text in Vietnamese and English.</summary>
/// <param name="Vi">Vietnamese.</param>
/// <param name="En">English.</param>
public sealed record LocalizedText(string Vi, string En)
{
    /// <summary>The text in the page's language.</summary>
    public string For(bool english) => english ? En : Vi;
}

/// <summary>One province's outline and label.</summary>
/// <param name="Code">The province code (vn-provinces-2025.csv).</param>
/// <param name="Name">Its Vietnamese name.</param>
/// <param name="D">The SVG path data (even-odd fill).</param>
/// <param name="Anchor">The point inside the outline the label belongs to (x, y).</param>
/// <param name="Label">Where the label is drawn.</param>
public sealed record MapProvince(string Code, string Name, string D, IReadOnlyList<double> Anchor, MapLabel Label);

/// <summary>A label's box (centre and size) and, when the box is away from its anchor, the leader line to draw.</summary>
/// <param name="X">Centre x.</param>
/// <param name="Y">Centre y.</param>
/// <param name="W">Width.</param>
/// <param name="H">Height.</param>
/// <param name="Leader">x1, y1, x2, y2 of the leader line from the anchor to the box, or null.</param>
public sealed record MapLabel(double X, double Y, double W, double H, IReadOnlyList<double>? Leader);

/// <summary>An archipelago drawn as island markers, part of a province.</summary>
/// <param name="Province">The code of the province it belongs to.</param>
/// <param name="Name">Its label.</param>
/// <param name="Islands">Island centres (x, y pairs).</param>
/// <param name="Label">Where the label is drawn.</param>
public sealed record MapArchipelago(string Province, LocalizedText Name, IReadOnlyList<IReadOnlyList<double>> Islands, MapLabel Label);
