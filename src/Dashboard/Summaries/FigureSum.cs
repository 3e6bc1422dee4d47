namespace Supervision.Dashboard.Summaries;

/// <summary>Running totals of <see cref="Figures"/> while units are added up into provinces, regions and the country.</summary>
internal struct FigureSum
{
    /// <summary>Scrapes up and all scrapes.</summary>
    public AvailabilityCount Availability;

    /// <summary>Dossiers received.</summary>
    public double Received;

    /// <summary>Dossiers resolved.</summary>
    public double Resolved;

    /// <summary>Dossiers resolved on time.</summary>
    public double OnTime;

    /// <summary>Dossiers overdue at the end.</summary>
    public double Overdue;

    /// <summary>Stalled units.</summary>
    public int Stalled;

    /// <summary>E-documents sent.</summary>
    public double Sent;

    /// <summary>E-documents received.</summary>
    public double DocumentsReceived;

    /// <summary>Units without a baseline before the window.</summary>
    public int WithoutBaseline;

    /// <summary>Adds another sum.</summary>
    public void Add(in FigureSum other)
    {
        Availability += other.Availability;
        Received += other.Received;
        Resolved += other.Resolved;
        OnTime += other.OnTime;
        Overdue += other.Overdue;
        Stalled += other.Stalled;
        Sent += other.Sent;
        DocumentsReceived += other.DocumentsReceived;
        WithoutBaseline += other.WithoutBaseline;
    }

    /// <summary>The totals as figures (counts rounded: counters are stored as floats).</summary>
    public readonly Figures ToFigures() => new(
        Availability.Ratio,
        Round(Received),
        Round(Resolved),
        Round(OnTime),
        Round(Overdue),
        Stalled,
        Round(Sent),
        Round(DocumentsReceived),
        WithoutBaseline);

    /// <summary>
    /// One unit's figures over a window from the counters at its start and end: the increase of each
    /// counter (a reset inside the window would undercount, so it is floored at zero), the gauges at the
    /// end. Without a start value the counts are left out and the unit is counted as without baseline.
    /// </summary>
    public static FigureSum ForUnit(
        DossierPoint? dossierEnd,
        DossierPoint? dossierStart,
        EdocPoint? edocEnd,
        EdocPoint? edocStart,
        AvailabilityCount availability,
        bool stalled)
    {
        var sum = new FigureSum { Availability = availability, Stalled = stalled ? 1 : 0 };
        var missing = false;
        if (dossierEnd is { } end)
        {
            sum.Overdue = end.Overdue;
            if (dossierStart is { } start)
            {
                sum.Received = Math.Max(0, end.Received - start.Received);
                var onTime = Math.Max(0, end.OnTime - start.OnTime);
                var late = Math.Max(0, end.Late - start.Late);
                sum.OnTime = onTime;
                sum.Resolved = onTime + late;
            }
            else
            {
                missing = true;
            }
        }

        if (edocEnd is { } docs)
        {
            if (edocStart is { } before)
            {
                sum.Sent = Math.Max(0, docs.Sent - before.Sent);
                sum.DocumentsReceived = Math.Max(0, docs.Received - before.Received);
            }
            else
            {
                missing = true;
            }
        }

        sum.WithoutBaseline = missing ? 1 : 0;
        return sum;
    }

    private static long Round(double value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);
}
