namespace Supervision.Collector.Rollups;

/// <summary>
/// The leaders' hourly roll-ups aggregated in the stream, as scrapes complete (docs/storage.md, "Summary
/// roll-ups"): per unit and hour the scrapes, the scrapes up and the dossier and e-document sums; per province,
/// level and system the scrapes and scrapes up. Memory is proportional to what is produced (units + systems × hours
/// open), never to raw series × fields, and InfluxDB only sums these small parts across collectors.
/// Open hours are written again at every <see cref="WriteTo"/> (the same point is overwritten), an hour is closed
/// <see cref="CloseGrace"/> after it ends, when scrapes started in it have finished.
/// </summary>
public sealed class HourlyRollups
{
    /// <summary>How long after an hour's end scrapes that started in it may still arrive.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly SortedDictionary<long, Hour> _hours = [];

    /// <summary>Adds one scrape of <paramref name="target"/> started at <paramref name="scrapeTime"/>.</summary>
    public void Record(Target target, DateTimeOffset scrapeTime, TargetStatus status, in ScrapeTotals totals)
    {
        ArgumentNullException.ThrowIfNull(target);
        var hourStart = HourStart(scrapeTime);
        var up = status is TargetStatus.Up or TargetStatus.Degraded ? 1 : 0;
        var at = scrapeTime.ToUnixTimeMilliseconds();
        lock (_gate)
        {
            if (!_hours.TryGetValue(hourStart, out var hour))
            {
                hour = new Hour();
                _hours[hourStart] = hour;
            }

            if (!hour.Units.TryGetValue(target.UnitId, out var unit))
            {
                unit = new UnitPart { Province = target.ProvinceCode ?? string.Empty, Level = UnitLevelText.Of(target.Level) };
                hour.Units[target.UnitId] = unit;
            }

            unit.Add(up, at, totals);
            var key = new AvailabilityKey(target.ProvinceCode ?? string.Empty, UnitLevelText.Of(target.Level), target.System);
            if (!hour.Availability.TryGetValue(key, out var availability))
            {
                availability = new AvailabilityPart();
                hour.Availability[key] = availability;
            }

            availability.UpSum += up;
            availability.Scrapes++;
        }
    }

    /// <summary>
    /// Writes every open hour's parts to <paramref name="lines"/> (one line per unit and per province, level and
    /// system) and forgets the hours closed by <paramref name="now"/> after this last write; returns the lines written.
    /// </summary>
    public int WriteTo(LineProtocolBuilder lines, DateTimeOffset now, string collectorId)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var written = 0;
        lock (_gate)
        {
            var closed = new List<long>();
            foreach (var (start, hour) in _hours)
            {
                foreach (var (unitId, unit) in hour.Units)
                {
                    unit.Write(lines, unitId, collectorId, start);
                    written++;
                }

                foreach (var (key, part) in hour.Availability)
                {
                    lines.BeginPoint(Measurements.SummaryAvailabilityPart);
                    lines.Tag(TagNames.Collector, collectorId);
                    lines.Tag(TagNames.Level, key.Level);
                    lines.Tag(TagNames.Province, key.Province);
                    lines.Tag(TagNames.System, key.System);
                    lines.Field(SummaryFields.UpSum, part.UpSum);
                    lines.Field(SummaryFields.Scrapes, part.Scrapes);
                    lines.EndPoint(start);
                    written++;
                }

                if (DateTimeOffset.FromUnixTimeMilliseconds(start) + TimeSpan.FromHours(1) + CloseGrace <= now)
                {
                    closed.Add(start);
                }
            }

            foreach (var start in closed)
            {
                _hours.Remove(start);
            }
        }

        return written;
    }

    /// <summary>The open hours, to keep across a restart.</summary>
    public IReadOnlyList<RollupHourState> Save()
    {
        lock (_gate)
        {
            return _hours.Select(h => new RollupHourState(
                h.Key,
                h.Value.Units.Select(u => u.Value.Save(u.Key)).ToArray(),
                h.Value.Availability.Select(a => new AvailabilityPartState(a.Key.Province, a.Key.Level, a.Key.System, a.Value.UpSum, a.Value.Scrapes)).ToArray())).ToArray();
        }
    }

    /// <summary>Adds saved hours (a restart within the hour goes on counting where the last run stopped).</summary>
    public void Restore(IEnumerable<RollupHourState> hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        lock (_gate)
        {
            foreach (var saved in hours)
            {
                var hour = new Hour();
                foreach (var unit in saved.Units)
                {
                    hour.Units[unit.Unit] = UnitPart.Restore(unit);
                }

                foreach (var a in saved.Availability)
                {
                    hour.Availability[new AvailabilityKey(a.Province, a.Level, a.System)] = new AvailabilityPart { UpSum = a.UpSum, Scrapes = a.Scrapes };
                }

                _hours[saved.HourStartMs] = hour;
            }
        }
    }

    /// <summary>Start of the UTC hour of <paramref name="instant"/>, in Unix milliseconds (Vietnam's hours are the same).</summary>
    public static long HourStart(DateTimeOffset instant)
    {
        var ms = instant.ToUnixTimeMilliseconds();
        return ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
    }

    private sealed class Hour
    {
        public Dictionary<string, UnitPart> Units { get; } = new(StringComparer.Ordinal);

        public Dictionary<AvailabilityKey, AvailabilityPart> Availability { get; } = [];
    }

    private readonly record struct AvailabilityKey(string Province, string Level, string System);

    private sealed class AvailabilityPart
    {
        public long UpSum;
        public long Scrapes;
    }

    /// <summary>One unit's hour: counters keep their largest per-scrape sum, gauges the latest scrape's.</summary>
    private sealed class UnitPart
    {
        public string Province = string.Empty;
        public string Level = string.Empty;
        public long UpSum;
        public long Scrapes;
        public double? Received;
        public double? OnTime;
        public double? Late;
        public double? DocsSent;
        public double? DocsReceived;
        public double? Overdue;
        public double? InProgress;
        public long GaugesAt = long.MinValue;

        public void Add(int up, long at, in ScrapeTotals totals)
        {
            UpSum += up;
            Scrapes++;
            Max(ref Received, totals, TotalsPresent.Received, totals.Received);
            Max(ref OnTime, totals, TotalsPresent.OnTime, totals.OnTime);
            Max(ref Late, totals, TotalsPresent.Late, totals.Late);
            Max(ref DocsSent, totals, TotalsPresent.DocsSent, totals.DocsSent);
            Max(ref DocsReceived, totals, TotalsPresent.DocsReceived, totals.DocsReceived);
            if ((totals.Has(TotalsPresent.Overdue) || totals.Has(TotalsPresent.InProgress)) && at >= GaugesAt)
            {
                GaugesAt = at;
                Overdue = totals.Has(TotalsPresent.Overdue) ? totals.Overdue : Overdue;
                InProgress = totals.Has(TotalsPresent.InProgress) ? totals.InProgress : InProgress;
            }
        }

        public void Write(LineProtocolBuilder lines, string unitId, string collectorId, long hourStart)
        {
            lines.BeginPoint(Measurements.SummaryUnitPart);
            lines.Tag(TagNames.Collector, collectorId);
            lines.Tag(TagNames.Level, Level);
            lines.Tag(TagNames.Province, Province);
            lines.Tag(TagNames.Unit, unitId);
            lines.Field(SummaryFields.UpSum, UpSum);
            lines.Field(SummaryFields.Scrapes, Scrapes);
            Optional(lines, SummaryFields.Received, Received);
            Optional(lines, SummaryFields.OnTime, OnTime);
            Optional(lines, SummaryFields.Late, Late);
            Optional(lines, SummaryFields.Overdue, Overdue);
            Optional(lines, SummaryFields.InProgress, InProgress);
            Optional(lines, SummaryFields.DocsSent, DocsSent);
            Optional(lines, SummaryFields.DocsReceived, DocsReceived);
            lines.EndPoint(hourStart);
        }

        public UnitPartState Save(string unitId) =>
            new(unitId, Province, Level, UpSum, Scrapes, Received, OnTime, Late, DocsSent, DocsReceived, Overdue, InProgress, GaugesAt);

        public static UnitPart Restore(UnitPartState s) => new()
        {
            Province = s.Province, Level = s.Level, UpSum = s.UpSum, Scrapes = s.Scrapes, Received = s.Received, OnTime = s.OnTime, Late = s.Late,
            DocsSent = s.DocsSent, DocsReceived = s.DocsReceived, Overdue = s.Overdue, InProgress = s.InProgress, GaugesAt = s.GaugesAt,
        };

        private static void Max(ref double? slot, in ScrapeTotals totals, TotalsPresent what, double value)
        {
            if (totals.Has(what) && (slot is null || value > slot))
            {
                slot = value;
            }
        }

        private static void Optional(LineProtocolBuilder lines, string field, double? value)
        {
            if (value is { } v)
            {
                lines.Field(field, v);
            }
        }
    }
}

/// <summary>A saved open hour of <see cref="HourlyRollups"/>.</summary>
/// <param name="HourStartMs">Start of the hour, Unix milliseconds.</param>
/// <param name="Units">Per-unit parts.</param>
/// <param name="Availability">Per province, level and system parts.</param>
public sealed record RollupHourState(long HourStartMs, IReadOnlyList<UnitPartState> Units, IReadOnlyList<AvailabilityPartState> Availability);

/// <summary>A saved per-unit part (fields as in <see cref="SummaryFields"/>).</summary>
public sealed record UnitPartState(
    string Unit, string Province, string Level, long UpSum, long Scrapes, double? Received, double? OnTime, double? Late,
    double? DocsSent, double? DocsReceived, double? Overdue, double? InProgress, long GaugesAt);

/// <summary>A saved per province, level and system part.</summary>
public sealed record AvailabilityPartState(string Province, string Level, string System, long UpSum, long Scrapes);
