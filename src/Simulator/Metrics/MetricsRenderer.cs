using System.Text;
using Supervision.Simulator.Metrics.Systems;

namespace Supervision.Simulator.Metrics;

/// <summary>Renders a target's /metrics body: layouts compiled once per (system, level, format), values per request.</summary>
public sealed class MetricsRenderer
{
    private static readonly byte[] GarbageBlock = Encoding.UTF8.GetBytes(
        "# TYPE broken metric counter\n" +
        "dossier_received_total{procedure=\"1.000894\" 12\n" +
        "edoc queue length 3\n" +
        "network_rtt_seconds{link=\"hub} not-a-number\n" +
        "# TYPE network_link_up histogram\n" +
        "\u00ff\u00fe\u0001 binary noise\n" +
        "opsmgmt_requests_total{status=\"200\"} 17 12 extra");

    private static readonly byte[] PaddingHeader = Encoding.UTF8.GetBytes(
        "# HELP simulator_padding Padding added by the oversize fault.\n# TYPE simulator_padding gauge\n");

    private readonly SimulatedFleet _fleet;
    private readonly FaultStore _faults;
    private readonly (MetricLayout Prometheus, MetricLayout OpenMetrics, SystemModel Model)[] _byTarget;

    /// <summary>Compiles the layouts of every (system, level) present in the fleet.</summary>
    public MetricsRenderer(SimulatedFleet fleet, FaultStore faults)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        _fleet = fleet;
        _faults = faults;
        var created = DayCurve.Epoch.ToUnixTimeSeconds();
        var cache = new Dictionary<(string, UnitLevel), (MetricLayout, MetricLayout, SystemModel)>();
        _byTarget = new (MetricLayout, MetricLayout, SystemModel)[fleet.Profiles.Count];
        foreach (var p in fleet.Profiles)
        {
            var key = (p.Target.System, p.Target.Level);
            if (!cache.TryGetValue(key, out var entry))
            {
                var model = ModelFor(p.Target.System);
                var prom = new LayoutBuilder(ExpositionFormat.Prometheus, created);
                var om = new LayoutBuilder(ExpositionFormat.OpenMetrics, created);
                model.Describe(prom, p.Target.Level);
                model.Describe(om, p.Target.Level);
                entry = (prom.Build(), om.Build(), model);
                cache[key] = entry;
            }

            _byTarget[p.Index] = entry;
        }
    }

    /// <summary>The layout a target renders with.</summary>
    public MetricLayout LayoutOf(TargetProfile profile, ExpositionFormat format)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var e = _byTarget[profile.Index];
        return format == ExpositionFormat.OpenMetrics ? e.OpenMetrics : e.Prometheus;
    }

    /// <summary>
    /// The values a target serves at <paramref name="now"/>, in the slot order of its layout (<see cref="LayoutOf"/>'s
    /// <see cref="MetricLayout.SampleNames"/>): what a scrape would read, without the text (seed-history uses it).
    /// </summary>
    public void Compute(TargetProfile profile, DateTimeOffset now, in FaultEffects effects, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (prom, _, model) = _byTarget[profile.Index];
        if (values.Length != prom.SlotCount)
        {
            throw new ArgumentException($"{model.System}: layout has {prom.SlotCount} slots, got room for {values.Length}", nameof(values));
        }

        var ctx = new ModelContext(profile, now, _fleet.Curve, new Throughput(_fleet.Curve, _faults, profile.Index), effects);
        var sink = new ValueSink(values);
        model.Compute(ctx, ref sink);
        if (sink.Count != prom.SlotCount)
        {
            throw new InvalidOperationException($"{model.System}: computed {sink.Count} values for {prom.SlotCount} series");
        }
    }

    /// <summary>Renders the normal body (or the garbage one) into <paramref name="output"/>.</summary>
    public void Render(TargetProfile profile, DateTimeOffset now, in FaultEffects effects, ExpositionFormat format, PooledBuffer output, bool withTail = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(output);
        var layout = LayoutOf(profile, format);
        Span<double> values = stackalloc double[layout.SlotCount];
        Compute(profile, now, effects, values);

        if (effects.Garbage)
        {
            // Half of a real body, cut at a line end, then lines that break the format's rules, the last
            // one without its newline: a parser must reject it however lenient it is about the first half.
            layout.Render(values, output, withTail: false);
            var cut = output.WrittenSpan[..(output.Length / 2)].LastIndexOf((byte)'\n') + 1;
            output.Truncate(cut);
            output.Write(GarbageBlock);
            return;
        }

        layout.Render(values, output, withTail);
    }

    /// <summary>
    /// Writes padding lines (valid exposition, one gauge family) until the body reaches about
    /// <paramref name="bytes"/>, in chunks handed to <paramref name="flush"/> so a 1 GiB answer needs 64 KiB of memory.
    /// </summary>
    public static async Task WritePaddingAsync(long alreadyWritten, long bytes, Func<ReadOnlyMemory<byte>, ValueTask> flush)
    {
        ArgumentNullException.ThrowIfNull(flush);
        using var chunk = new PooledBuffer(65536);
        chunk.Write(PaddingHeader);
        var total = alreadyWritten + PaddingHeader.Length;
        long line = 0;
        while (total < bytes)
        {
            var span = chunk.GetSpan(64);
            "simulator_padding{line=\""u8.CopyTo(span);
            var n = 24;
            System.Buffers.Text.Utf8Formatter.TryFormat(line++, span[n..], out var digits, new System.Buffers.StandardFormat('D', 10));
            n += digits;
            "\"} 0\n"u8.CopyTo(span[n..]);
            n += 5;
            chunk.Advance(n);
            total += n;
            if (chunk.Length > 60000)
            {
                await flush(chunk.WrittenMemory);
                chunk.Truncate(0);
            }
        }

        if (chunk.Length > 0)
        {
            await flush(chunk.WrittenMemory);
        }
    }

    private static SystemModel ModelFor(string system) => system switch
    {
        SystemCatalogue.Dossier => new DossierModel(),
        SystemCatalogue.Edoc => new EdocModel(),
        SystemCatalogue.Portal => new PortalModel(),
        SystemCatalogue.OpsMgmt => new OpsMgmtModel(),
        SystemCatalogue.Meeting => new MeetingModel(),
        SystemCatalogue.Handbook => new HandbookModel(),
        SystemCatalogue.Network => new NetworkModel(),
        _ => new GenericModel(system),
    };
}
