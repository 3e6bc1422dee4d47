namespace Supervision.Simulator.Metrics.Systems;

/// <summary>E-document exchange: documents sent and received by channel, the outgoing queue, delivery latency.</summary>
public sealed class EdocModel : SystemModel
{
    private static readonly double[] Bounds = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    /// <inheritdoc />
    public override string System => SystemCatalogue.Edoc;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, UnitLevel level)
    {
        var channels = Labels("channel", TargetProfile.Channels);
        builder
            .Counter("edoc_documents_sent_total", "Documents sent, by channel.", channels)
            .Counter("edoc_documents_received_total", "Documents received, by channel.", channels)
            .Gauge("edoc_queue_length", "Documents waiting to be delivered.", null, string.Empty)
            .Histogram("edoc_delivery_latency_seconds", "Time from sending to delivery acknowledgement.", "seconds", Bounds);
    }

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
        var w = ctx.Profile.ChannelWeights;
        for (var i = 0; i < w.Length; i++)
        {
            sink.Add(ctx.Count(60, w[i]));
        }

        var received = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            var r = ctx.Count(80, w[i]);
            received += r;
            sink.Add(r);
        }

        sink.Add(Math.Round(ctx.Profile.Scale * 6 * ctx.Activity * (0.5 + ctx.Noise(1))));
        Distributions.Histogram(ref sink, Bounds, received, 1.5 + (2 * ctx.Profile.Draw(40)), 1.0);
    }
}
