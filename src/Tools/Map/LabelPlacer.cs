using NetTopologySuite.Algorithm.Locate;
using Supervision.Core.Map;

namespace Supervision.Tools.Map;

/// <summary>
/// Places each province's two-line label (name, counts) where it overlaps no other label, covers no other province's
/// anchor or island marker, stays inside the map, and covers as little of other provinces as it can; a label that
/// cannot sit on its province (the Red River delta's small provinces) goes out on a leader line. Greedy, smallest
/// provinces first (they have the least room), candidates on rings around the anchor: deterministic, so the
/// committed asset only changes when the data does.
/// </summary>
internal sealed class LabelPlacer
{
    /// <summary>Font size of names (viewBox units; ≈ 17 px at 1080 lines, 34 px at 2160).</summary>
    public const double NameSize = 15;

    /// <summary>Font size of the counts line.</summary>
    public const double CountSize = 13;

    // Widths of the wall's bold sans-serif (DejaVu Sans Bold is the widest the wall may get) per em: generous, so a
    // real label is never wider than the box that was kept free for it.
    private const double LowerEm = 0.64, UpperEm = 0.76, Padding = 5, Gap = 3;

    // The widest counts line: "MẤT DỮ LIỆU" (stale) or "▼999 ◆999".
    private const string WidestCounts = "MẤT DỮ LIỆU";

    private const string CapitalCode = "01";

    // How far from its anchor a label may go (viewBox units).
    private const double MaxRadius = 420;

    private readonly double _width;
    private readonly double _height;
    private readonly Dictionary<string, Geometry> _outlines;
    private readonly Dictionary<string, Coordinate> _anchors;
    private readonly Dictionary<string, IPointOnGeometryLocator> _locators;
    private readonly List<Envelope> _taken = [];
    private readonly List<Coordinate> _points = [];
    private readonly List<LineSegment> _leaders = [];

    public LabelPlacer(double width, double height, Dictionary<string, Geometry> outlines, Dictionary<string, Coordinate> anchors)
    {
        (_width, _height, _outlines, _anchors) = (width, height, outlines, anchors);
        _locators = outlines.ToDictionary(o => o.Key, o => (IPointOnGeometryLocator)new IndexedPointInAreaLocator(o.Value), StringComparer.Ordinal);
    }

    /// <summary>The corner where the attribution is written (bottom right, one small line).</summary>
    public static Envelope AttributionBox(double width, double height) => new(width - 470, width, height - 16, height);

    /// <summary>Keeps a box free of labels.</summary>
    public void Reserve(Envelope box) => _taken.Add(box);

    /// <summary>Keeps labels off these points (island markers).</summary>
    public void AvoidPoints(IEnumerable<Coordinate> points) => _points.AddRange(points);

    /// <summary>One line, south of the islands if there is room, never over them.</summary>
    public MapLabel PlaceArchipelago(Coordinate centre, string text)
    {
        var (w, h) = (TextWidth(text, CountSize) + (2 * Padding), (CountSize * 1.3) + (2 * Padding));
        var label = Place(null, centre, w, h, offLandWeight: 400);
        return label;
    }

    /// <summary>Labels for every province, keyed by code.</summary>
    public Dictionary<string, MapLabel> PlaceProvinces(IReadOnlyDictionary<string, string> names)
    {
        var result = new Dictionary<string, MapLabel>(StringComparer.Ordinal);
        var h = ((NameSize + CountSize) * 1.2) + (2 * Padding);
        double Width(string code) => Math.Max(TextWidth(names[code], NameSize), TextWidth(WidestCounts, CountSize)) + (2 * Padding);

        // First the labels that fit on their own province near its middle, largest provinces first.
        var deferred = new List<string>();
        foreach (var code in _outlines.Keys.OrderByDescending(c => _outlines[c].Area).ThenBy(c => c, StringComparer.Ordinal))
        {
            if (Place(code, _anchors[code], Width(code), h, 0, strictLeaders: true, maxRadius: 64, onOwn: true) is { } label)
            {
                result[code] = label;
            }
            else
            {
                deferred.Add(code);
            }
        }

        // Then the rest on leaders: the capital first (the label the room looks for), then easternmost first: the sea is
        // east, so each takes the nearest free water and the ones further west reach past it without crossing its leader.
        foreach (var code in deferred.OrderBy(c => c == CapitalCode ? 0 : 1).ThenByDescending(c => _anchors[c].X).ThenBy(c => c, StringComparer.Ordinal))
        {
            result[code] = Place(code, _anchors[code], Width(code), h, offLandWeight: 0);
        }

        return result;
    }

    private MapLabel Place(string? code, Coordinate anchor, double w, double h, double offLandWeight) =>
        Place(code, anchor, w, h, offLandWeight, strictLeaders: true, MaxRadius, onOwn: false)
        ?? Place(code, anchor, w, h, offLandWeight, strictLeaders: false, MaxRadius, onOwn: false)
        ?? throw new InvalidOperationException($"no free place for the label of {code ?? "an archipelago"} within {MaxRadius} units of its anchor");

    private MapLabel? Place(string? code, Coordinate anchor, double w, double h, double offLandWeight, bool strictLeaders, double maxRadius, bool onOwn)
    {
        (double Score, Envelope Box)? best = null;
        for (var r = 0.0; r <= maxRadius; r += 8)
        {
            var steps = r == 0 ? 1 : Math.Max(12, (int)(r / 4));
            for (var s = 0; s < steps; s++)
            {
                var angle = (2 * Math.PI * s / steps) + (Math.PI / 2);
                var (cx, cy) = (anchor.X + (r * Math.Cos(angle)), anchor.Y + (r * Math.Sin(angle) * 0.8));
                var box = new Envelope(cx - (w / 2), cx + (w / 2), cy - (h / 2), cy + (h / 2));
                if (!Free(code, box) || (code is not null && strictLeaders && !LeaderFree(code, anchor, box)))
                {
                    continue;
                }

                var (own, other) = Coverage(code, box);
                if (onOwn && (own < 0.5 || other > 0.3))
                {
                    continue;
                }

                var score = r + (other * 300) + (code is null ? (own + other) * offLandWeight : (1 - own) * 25);
                if (best is null || score < best.Value.Score)
                {
                    best = (score, box);
                }
            }

            // Nothing further out can beat a free spot this close.
            if (best is { } b && b.Score <= r)
            {
                break;
            }
        }

        if (best is not { Box: var chosen })
        {
            return null;
        }

        _taken.Add(chosen);
        IReadOnlyList<double>? leader = null;
        // A label on its own province needs no leader; one elsewhere points at the anchor.
        if (code is not null && !chosen.Contains(anchor) && Coverage(code, chosen).Own < 0.3)
        {
            var end = LeaderEnd(anchor, chosen);
            _leaders.Add(new LineSegment(anchor, end));
            leader = [Math.Round(anchor.X, 1), Math.Round(anchor.Y, 1), Math.Round(end.X, 1), Math.Round(end.Y, 1)];
        }

        return new MapLabel(Math.Round(chosen.Centre.X, 1), Math.Round(chosen.Centre.Y, 1), Math.Round(w, 1), Math.Round(h, 1), leader);
    }

    private bool Free(string? code, Envelope box)
    {
        if (box.MinX < 2 || box.MinY < 2 || box.MaxX > _width - 2 || box.MaxY > _height - 2)
        {
            return false;
        }

        var padded = new Envelope(box);
        padded.ExpandBy(Gap);
        if (_taken.Any(t => t.Intersects(padded)))
        {
            return false;
        }

        padded.ExpandBy(4);
        return !_points.Any(padded.Contains)
            && !_anchors.Any(a => a.Key != code && padded.Contains(a.Value));
    }

    private static Coordinate LeaderEnd(Coordinate anchor, Envelope box) =>
        new(Math.Clamp(anchor.X, box.MinX, box.MaxX), Math.Clamp(anchor.Y, box.MinY, box.MaxY));

    // A leader crosses no other label and no other leader, and no earlier leader runs through this box.
    private bool LeaderFree(string code, Coordinate anchor, Envelope box)
    {
        var padded = new Envelope(box);
        padded.ExpandBy(Gap);
        if (_leaders.Any(l => SegmentHits(l, padded)))
        {
            return false;
        }

        if (box.Contains(anchor) || Coverage(code, box).Own >= 0.3)
        {
            return true;
        }

        var leader = new LineSegment(anchor, LeaderEnd(anchor, box));
        return !_taken.Any(t => SegmentHits(leader, t)) && !_leaders.Any(l => l.Intersection(leader) is not null);
    }

    private static bool SegmentHits(LineSegment segment, Envelope box)
    {
        if (box.Contains(segment.P0) || box.Contains(segment.P1))
        {
            return true;
        }

        var corners = new[] { new Coordinate(box.MinX, box.MinY), new Coordinate(box.MaxX, box.MinY), new Coordinate(box.MaxX, box.MaxY), new Coordinate(box.MinX, box.MaxY) };
        for (var i = 0; i < 4; i++)
        {
            if (new LineSegment(corners[i], corners[(i + 1) % 4]).Intersection(segment) is not null)
            {
                return true;
            }
        }

        return false;
    }

    // Share of the box (sampled on a 7×3 grid) on the own province and on other provinces.
    private (double Own, double Other) Coverage(string? code, Envelope box)
    {
        var (own, other) = (0, 0);
        const int Nx = 7, Ny = 3;
        for (var i = 0; i < Nx; i++)
        {
            for (var j = 0; j < Ny; j++)
            {
                var p = new Coordinate(box.MinX + ((i + 0.5) * box.Width / Nx), box.MinY + ((j + 0.5) * box.Height / Ny));
                foreach (var (c, locator) in _locators)
                {
                    if (_outlines[c].EnvelopeInternal.Contains(p) && locator.Locate(p) != Location.Exterior)
                    {
                        if (c == code)
                        {
                            own++;
                        }
                        else
                        {
                            other++;
                        }

                        break;
                    }
                }
            }
        }

        return (own / (double)(Nx * Ny), other / (double)(Nx * Ny));
    }

    private static double TextWidth(string text, double size) =>
        text.Sum(c => char.IsUpper(c) ? UpperEm : c == ' ' ? 0.35 : LowerEm) * size;
}
