namespace Supervision.Dashboard.Components.Widgets;

/// <summary>
/// Places province tiles on the map panel near their administrative centres, then nudges tiles east or
/// west until none overlap (the Red River and Mekong deltas are crowded): geography stays recognisable
/// and every tile stays readable.
/// </summary>
public static class MapLayout
{
    private const double West = 102.0, East = 109.8, North = 23.5, South = 8.4;
    private const double TileWidth = 15.8, TileHeight = 5.6, Usable = 84, UsableHeight = 94;

    /// <summary>CSS <c>left/top</c> in percent for each province code.</summary>
    public static IReadOnlyDictionary<string, string> Place(IEnumerable<ProvinceSummary> provinces)
    {
        var placed = new List<(string Code, double X, double Y)>();
        foreach (var p in provinces.OrderByDescending(p => p.Latitude ?? 0).ThenBy(p => p.Longitude ?? 0))
        {
            var x = ((p.Longitude ?? 105) - West) / (East - West) * Usable;
            var y = (North - (p.Latitude ?? 16)) / (North - South) * UsableHeight;
            var (bestX, bestY) = (x, y);
            for (var step = 0; step < 40 && Overlaps(placed, bestX, bestY); step++)
            {
                var shift = ((step / 2) + 1) * TileWidth * 0.55 * (step % 2 == 0 ? 1 : -1);
                bestX = Math.Clamp(x + shift, 0, 100 - TileWidth);
                bestY = y + (step >= 8 ? (step - 7) * TileHeight * 0.5 : 0);
            }

            placed.Add((p.Code, bestX, bestY));
        }

        return placed.ToDictionary(
            t => t.Code,
            t => string.Create(CultureInfo.InvariantCulture, $"left:{t.X:0.##}%;top:{t.Y:0.##}%"),
            StringComparer.Ordinal);
    }

    private static bool Overlaps(List<(string Code, double X, double Y)> placed, double x, double y)
    {
        foreach (var t in placed)
        {
            if (Math.Abs(t.X - x) < TileWidth && Math.Abs(t.Y - y) < TileHeight)
            {
                return true;
            }
        }

        return false;
    }
}
