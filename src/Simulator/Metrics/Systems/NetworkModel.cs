namespace Supervision.Simulator.Metrics.Systems;

/// <summary>The dedicated secure network link: up, round-trip time, packet loss (a drop fault shows as loss).</summary>
public sealed class NetworkModel : SystemModel
{
    /// <inheritdoc />
    public override string System => SystemCatalogue.Network;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, UnitLevel level) => builder
        .Gauge("network_link_up", "1 when the dedicated link is up.", null, string.Empty)
        .Gauge("network_rtt_seconds", "Round-trip time to the provincial hub.", "seconds", string.Empty)
        .Gauge("network_packet_loss_ratio", "Share of probe packets lost.", "ratio", string.Empty);

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
        sink.Add(1);
        sink.AddRounded(0.008 + (0.05 * ctx.Profile.Draw(70)) + (0.01 * ctx.Noise(1)) + ctx.ExtraLatency);
        sink.AddRounded(Math.Min(1, (0.001 * ctx.Noise(2)) + (1 - ctx.Effects.LoadFactor)));
    }
}
