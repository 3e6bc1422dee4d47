using Supervision.Core.Map;

namespace Supervision.Dashboard.Map;

/// <summary>
/// The national map's outlines and label places (<see cref="VietnamMapAsset"/>), built by <c>Supervision.Tools build-map</c>
/// and embedded in this assembly (src/Dashboard/Map/SOURCE.md): read once, shared by every wall.
/// </summary>
public static class VietnamMap
{
    /// <summary>The embedded resource's name.</summary>
    public const string ResourceName = "vn-provinces-2025.map.json";

    private static readonly Lazy<VietnamMapAsset> Loaded = new(Load);

    /// <summary>The map.</summary>
    public static VietnamMapAsset Asset => Loaded.Value;

    /// <summary>The SVG viewBox attribute.</summary>
    public static string ViewBox => string.Join(' ', Asset.ViewBox.Select(Number));

    /// <summary>A coordinate as SVG writes it.</summary>
    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static VietnamMapAsset Load()
    {
        using var stream = typeof(VietnamMap).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from the Dashboard assembly");
        return JsonSerializer.Deserialize<VietnamMapAsset>(stream, VietnamMapAsset.JsonOptions)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is empty");
    }
}
