namespace Supervision.Tools.Map;

/// <summary>
/// Plate carrée with longitudes scaled by the cosine of the middle latitude, y down, fitted to a viewBox of a given
/// height: over Vietnam's 15° of latitude the shapes stay within a few percent of a conformal map, and no
/// projection library is needed.
/// </summary>
/// <param name="West">Longitude at x = 0.</param>
/// <param name="North">Latitude at y = 0.</param>
/// <param name="Scale">Units per degree of latitude.</param>
/// <param name="CosLat">Cosine of the middle latitude.</param>
/// <param name="Width">Width of the viewBox.</param>
/// <param name="Height">Height of the viewBox.</param>
public sealed record Projection(double West, double North, double Scale, double CosLat, double Width, double Height)
{
    /// <summary>The projection whose viewBox of <paramref name="height"/> holds every envelope with a margin in degrees.</summary>
    public static Projection Fit(IEnumerable<Envelope> envelopes, double margin, double height)
    {
        var all = new Envelope();
        foreach (var e in envelopes)
        {
            all.ExpandToInclude(e);
        }

        all.ExpandBy(margin);
        var cos = Math.Cos((all.MinY + all.MaxY) / 2 * Math.PI / 180);
        var scale = height / all.Height;
        return new Projection(all.MinX, all.MaxY, scale, cos, all.Width * cos * scale, height);
    }

    /// <summary>The point in viewBox units.</summary>
    public Coordinate Apply(Coordinate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new Coordinate((c.X - West) * CosLat * Scale, (North - c.Y) * Scale);
    }

    /// <summary>A projected copy of the geometry.</summary>
    public Geometry Apply(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var copy = geometry.Copy();
        copy.Apply(new ProjectFilter(this));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class ProjectFilter(Projection projection) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var p = projection.Apply(seq.GetCoordinate(i));
                seq.SetX(i, p.X);
                seq.SetY(i, p.Y);
            }
        }
    }
}
