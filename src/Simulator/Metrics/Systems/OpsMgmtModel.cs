namespace Supervision.Simulator.Metrics.Systems;

/// <summary>Operational management: active sessions, requests by status, request duration.</summary>
public sealed class OpsMgmtModel : SystemModel
{
    private static readonly string[] Statuses = ["200", "400", "500"];
    private static readonly double[] Shares = [0.975, 0.02, 0.005];
    private static readonly double[] Bounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <inheritdoc />
    public override string System => SystemCatalogue.OpsMgmt;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, UnitLevel level) => builder
        .Gauge("opsmgmt_active_sessions", "Users signed in now.", null, string.Empty)
        .Counter("opsmgmt_requests_total", "Requests served, by HTTP status.", Labels("status", Statuses))
        .Histogram("opsmgmt_request_duration_seconds", "Request duration.", "seconds", Bounds);

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
        sink.Add(Math.Round(ctx.Profile.Scale * 25 * ctx.Activity * (0.8 + (0.4 * ctx.Noise(1)))));
        var total = 0.0;
        for (var i = 0; i < Shares.Length; i++)
        {
            var c = ctx.Count(1500, Shares[i]);
            total += c;
            sink.Add(c);
        }

        Distributions.Histogram(ref sink, Bounds, total, 0.12 + (0.1 * ctx.Profile.Draw(60)), 0.8);
    }
}
