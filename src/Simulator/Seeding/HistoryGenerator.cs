using Supervision.Core.Influx;
using Supervision.Core.Schema;

namespace Supervision.Simulator.Seeding;

/// <summary>
/// The collectors' hourly summary parts (docs/storage.md, "Summary roll-ups") that scraping the simulated fleet
/// would have produced, computed straight from the simulator's models instead of 240 scrapes a target and hour:
/// per unit the scrapes and scrapes up, the counters' sums over procedures and channels at the hour's last scrape
/// up (counters only grow, so that is the hour's largest), the gauges at that scrape; per province, level and
/// system the scrapes and scrapes up. Written with collector tag <see cref="SeedFields.CollectorId"/>.
/// </summary>
public sealed class HistoryGenerator
{
    private readonly SimulatedFleet _fleet;
    private readonly MetricsRenderer _renderer;
    private readonly SimulatedOutages _outages;
    private readonly IReadOnlyList<string> _systems;
    private readonly Dictionary<MetricLayout, Slots> _slots = [];
    private readonly List<(TargetProfile Profile, Slots? Slots)> _targets = [];

    /// <summary>Prepares the fleet's targets (scraped ones only: push targets' history is theirs to send).</summary>
    public HistoryGenerator(SimulatedFleet fleet, MetricsRenderer renderer, SimulatedOutages outages)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(renderer);
        _fleet = fleet;
        _renderer = renderer;
        _outages = outages;
        _systems = fleet.Profiles.Select(p => p.Target.System).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var p in fleet.Profiles)
        {
            if (p.Target.Mode != TargetMode.Scrape)
            {
                continue;
            }

            var layout = renderer.LayoutOf(p, ExpositionFormat.Prometheus);
            if (!_slots.TryGetValue(layout, out var slots))
            {
                slots = Slots.Of(layout);
                _slots[layout] = slots;
            }

            _targets.Add((p, slots.Any ? slots : null));
        }
    }

    /// <summary>Targets whose history is written.</summary>
    public int Targets => _targets.Count;

    /// <summary>Appends the parts of the hour starting at <paramref name="hourStart"/>; returns the points appended.</summary>
    public int WriteHour(LineProtocolBuilder lines, DateTimeOffset hourStart)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var units = new Dictionary<string, UnitHour>(StringComparer.Ordinal);
        var availability = new Dictionary<(string Province, string Level, string System), (long Up, long Scrapes)>();
        Span<double> values = stackalloc double[256];
        foreach (var (profile, slots) in _targets)
        {
            var target = profile.Target;
            var scrapes = (long)Math.Round(3600 / target.Interval.TotalSeconds);
            var (downMinutes, lastUp) = _outages.InHour(profile, _systems, hourStart);
            var up = (long)Math.Round(scrapes * (1 - (downMinutes / 60)));
            if (!units.TryGetValue(target.UnitId, out var unit))
            {
                unit = new UnitHour(target.ProvinceCode ?? string.Empty, UnitLevelText.Of(target.Level));
                units[target.UnitId] = unit;
            }

            unit.Up += up;
            unit.Scrapes += scrapes;
            var key = (target.ProvinceCode ?? string.Empty, unit.Level, target.System);
            var a = availability.GetValueOrDefault(key);
            availability[key] = (a.Up + up, a.Scrapes + scrapes);
            if (slots is null || lastUp is not { } last || up == 0)
            {
                continue;
            }

            // The last scrape up: one interval before the instant the target was last seen up.
            var at = last - target.Interval;
            var span = values[..slots.Count];
            _renderer.Compute(profile, at < hourStart ? hourStart : at, FaultEffects.None, span);
            slots.AddTo(span, unit);
        }

        var start = hourStart.ToUnixTimeMilliseconds();
        foreach (var (id, unit) in units)
        {
            lines.BeginPoint(Measurements.SummaryUnitPart);
            lines.Tag(TagNames.Collector, SeedFields.CollectorId);
            lines.Tag(TagNames.Level, unit.Level);
            lines.Tag(TagNames.Province, unit.Province);
            lines.Tag(TagNames.Unit, id);
            lines.Field(SummaryFields.UpSum, unit.Up);
            lines.Field(SummaryFields.Scrapes, unit.Scrapes);
            Optional(lines, SummaryFields.Received, unit.Received);
            Optional(lines, SummaryFields.OnTime, unit.OnTime);
            Optional(lines, SummaryFields.Late, unit.Late);
            Optional(lines, SummaryFields.Overdue, unit.Overdue);
            Optional(lines, SummaryFields.InProgress, unit.InProgress);
            Optional(lines, SummaryFields.DocsSent, unit.DocsSent);
            Optional(lines, SummaryFields.DocsReceived, unit.DocsReceived);
            lines.EndPoint(start);
        }

        foreach (var ((province, level, system), (up, scrapes)) in availability)
        {
            lines.BeginPoint(Measurements.SummaryAvailabilityPart);
            lines.Tag(TagNames.Collector, SeedFields.CollectorId);
            lines.Tag(TagNames.Level, level);
            lines.Tag(TagNames.Province, province);
            lines.Tag(TagNames.System, system);
            lines.Field(SummaryFields.UpSum, up);
            lines.Field(SummaryFields.Scrapes, scrapes);
            lines.EndPoint(start);
        }

        return units.Count + availability.Count;
    }

    private static void Optional(LineProtocolBuilder lines, string field, double? value)
    {
        if (value is { } v)
        {
            lines.Field(field, v);
        }
    }

    /// <summary>One unit's hour, summed over its systems as the collector's per-unit part is.</summary>
    private sealed class UnitHour(string province, string level)
    {
        public string Province { get; } = province;

        public string Level { get; } = level;

        public long Up;
        public long Scrapes;
        public double? Received;
        public double? OnTime;
        public double? Late;
        public double? Overdue;
        public double? InProgress;
        public double? DocsSent;
        public double? DocsReceived;
    }

    /// <summary>Which slots of a layout feed which sum (the names the collector's ScrapeTotals looks for).</summary>
    private sealed class Slots
    {
        private readonly List<(int Slot, int Sum)> _map = [];

        public int Count { get; private init; }

        public bool Any => _map.Count > 0;

        public static Slots Of(MetricLayout layout)
        {
            var slots = new Slots { Count = layout.SlotCount };
            for (var i = 0; i < layout.SampleNames.Count; i++)
            {
                var sample = layout.SampleNames[i];
                var brace = sample.IndexOf('{', StringComparison.Ordinal);
                var name = brace < 0 ? sample : sample[..brace];
                var sum = name switch
                {
                    "dossier_received_total" => 0,
                    "dossier_resolved_total" when sample.Contains("timeliness=\"on_time\"", StringComparison.Ordinal) => 1,
                    "dossier_resolved_total" when sample.Contains("timeliness=\"late\"", StringComparison.Ordinal) => 2,
                    "dossier_overdue" => 3,
                    "dossier_in_progress" => 4,
                    "edoc_documents_sent_total" => 5,
                    "edoc_documents_received_total" => 6,
                    _ => -1,
                };
                if (sum >= 0)
                {
                    slots._map.Add((i, sum));
                }
            }

            return slots;
        }

        public void AddTo(ReadOnlySpan<double> values, UnitHour unit)
        {
            foreach (var (slot, sum) in _map)
            {
                var v = values[slot];
                switch (sum)
                {
                    case 0: unit.Received = (unit.Received ?? 0) + v; break;
                    case 1: unit.OnTime = (unit.OnTime ?? 0) + v; break;
                    case 2: unit.Late = (unit.Late ?? 0) + v; break;
                    case 3: unit.Overdue = (unit.Overdue ?? 0) + v; break;
                    case 4: unit.InProgress = (unit.InProgress ?? 0) + v; break;
                    case 5: unit.DocsSent = (unit.DocsSent ?? 0) + v; break;
                    default: unit.DocsReceived = (unit.DocsReceived ?? 0) + v; break;
                }
            }
        }
    }
}
