using Supervision.Core.Influx;
using static Supervision.Core.Influx.InfluxQl;

namespace Supervision.Core.Schema;

/// <summary>A range of simulated history written by <c>seed-history</c>.</summary>
/// <param name="From">Inclusive start.</param>
/// <param name="To">Exclusive end.</param>
public sealed record SeededRange(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>True when [<paramref name="start"/>, <paramref name="end"/>) shares any instant with this range.</summary>
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => start < To && From < end;
}

/// <summary>The read of the <see cref="Measurements.SummarySeeded"/> markers, shared by the writer (re-runs) and the Dashboard (its banner).</summary>
public static class SeedMarkers
{
    /// <summary>Every marker's range (a handful of points: one per run).</summary>
    public static string Select { get; } =
        $"SELECT {Identifiers(SeedFields.From, SeedFields.To)} FROM {Measurement(RetentionPolicies.Daily, Measurements.SummarySeeded)}";

    /// <summary>The ranges in a result of <see cref="Select"/>; a row without both fields is skipped.</summary>
    public static IReadOnlyList<SeededRange> Read(InfluxQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ranges = new List<SeededRange>();
        foreach (var s in result.Series)
        {
            for (var row = 0; row < s.Values.Count; row++)
            {
                if (s.Double(row, SeedFields.From) is { } from && s.Double(row, SeedFields.To) is { } to)
                {
                    ranges.Add(new SeededRange(DateTimeOffset.FromUnixTimeSeconds((long)from), DateTimeOffset.FromUnixTimeSeconds((long)to)));
                }
            }
        }

        return ranges;
    }
}
