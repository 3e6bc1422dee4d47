namespace Supervision.Simulator.Metrics.Systems;

/// <summary>
/// Administrative procedures: dossiers are received with the day's load and resolved three days of
/// calendar time later (on time or late); what is received and not yet resolved is in progress, a
/// share of it overdue. A stall freezes the resolved counters at the stall's start (they catch up
/// when it ends: the backlog is processed) and lets the in-progress dossiers age into overdue.
/// </summary>
public sealed class DossierModel : SystemModel
{
    private static readonly TimeSpan Lag = TimeSpan.FromDays(3);
    private static readonly double[] Bounds = [3600, 14400, 86400, 259200, 432000, 864000, 1296000, 2592000];

    /// <inheritdoc />
    public override string System => SystemCatalogue.Dossier;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, UnitLevel level)
    {
        var procedures = TargetProfile.Procedures.For(level);
        var resolved = new string[procedures.Count * 2];
        for (var i = 0; i < procedures.Count; i++)
        {
            resolved[2 * i] = "procedure=\"" + procedures[i] + "\",timeliness=\"on_time\"";
            resolved[(2 * i) + 1] = "procedure=\"" + procedures[i] + "\",timeliness=\"late\"";
        }

        builder
            .Counter("dossier_received_total", "Dossiers received, by procedure.", Labels("procedure", procedures))
            .Counter("dossier_resolved_total", "Dossiers resolved, by procedure and timeliness.", resolved)
            .Gauge("dossier_in_progress", "Dossiers received and not yet resolved.", null, Labels("procedure", procedures))
            .Gauge("dossier_overdue", "Dossiers in progress past their legal deadline.", null, Labels("procedure", procedures))
            .Histogram("dossier_processing_seconds", "Time from receipt to resolution.", "seconds", Bounds);
    }

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
        var p = ctx.Profile;
        var weights = p.ProcedureWeights;
        var n = weights.Length;
        var rate = ctx.Rate(40);
        var resolvedAt = ctx.Effects.StallStart is { } stall && stall < ctx.Now ? stall : ctx.Now;
        var resolvedCum = ctx.Throughput.Cumulative(resolvedAt - Lag);
        Span<double> received = stackalloc double[n];
        Span<double> onTime = stackalloc double[n];
        Span<double> late = stackalloc double[n];
        var resolvedTotal = 0.0;
        for (var i = 0; i < n; i++)
        {
            received[i] = Math.Floor(rate * weights[i] * ctx.Cumulative);
            var done = rate * weights[i] * resolvedCum;
            onTime[i] = Math.Floor(done * p.OnTimeShare);
            late[i] = Math.Floor(done * (1 - p.OnTimeShare));
            resolvedTotal += onTime[i] + late[i];
            sink.Add(received[i]);
        }

        for (var i = 0; i < n; i++)
        {
            sink.Add(onTime[i]);
            sink.Add(late[i]);
        }

        for (var i = 0; i < n; i++)
        {
            sink.Add(received[i] - onTime[i] - late[i]);
        }

        var stalledMinutes = ctx.Effects.StallStart is { } s && s < ctx.Now ? (ctx.Now - s).TotalMinutes : 0;
        for (var i = 0; i < n; i++)
        {
            var inProgress = received[i] - onTime[i] - late[i];
            var overdue = Math.Floor(inProgress * p.OverdueShare * (0.8 + (0.4 * ctx.Noise(100 + (ulong)i))));

            // Stalled dossiers age: the rest of the backlog goes overdue with a one-hour time constant.
            overdue += Math.Floor((inProgress - overdue) * (1 - Math.Exp(-stalledMinutes / 60)));
            sink.Add(overdue);
        }

        Distributions.Histogram(ref sink, Bounds, resolvedTotal, 172800, 0.9);
    }
}
