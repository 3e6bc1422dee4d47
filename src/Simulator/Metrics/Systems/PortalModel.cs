namespace Supervision.Simulator.Metrics.Systems;

/// <summary>Connector to the National Public Service Portal: sync lag, API calls by status, API latency.</summary>
public sealed class PortalModel : SystemModel
{
    private static readonly string[] Statuses = ["200", "400", "500", "503"];
    private static readonly double[] Shares = [0.965, 0.02, 0.01, 0.005];

    /// <inheritdoc />
    public override string System => SystemCatalogue.Portal;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, UnitLevel level) => builder
        .Gauge("portal_sync_lag_seconds", "Age of the last record synchronised with the national portal.", "seconds", string.Empty)
        .Counter("portal_api_calls_total", "Calls to the national portal API, by HTTP status.", Labels("status", Statuses))
        .Summary("portal_api_latency_seconds", "Latency of calls to the national portal API.", "seconds", Distributions.Quantiles);

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
        sink.AddRounded(5 + (40 * ctx.Noise(1)) + ctx.ExtraLatency);
        var calls = 0.0;
        for (var i = 0; i < Shares.Length; i++)
        {
            var c = ctx.Count(2000, Shares[i]);
            calls += c;
            sink.Add(c);
        }

        var median = 0.15 + (0.2 * ctx.Profile.Draw(50));
        Distributions.Summary(ref sink, calls, median, median * (0.85 + (0.3 * ctx.Noise(51))), 0.7, ctx.ExtraLatency);
    }
}
