namespace Supervision.Simulator.Metrics.Systems;

/// <summary>Party Member Handbook back end: logins and active users.</summary>
public sealed class HandbookModel : SystemModel
{
    /// <inheritdoc />
    public override string System => SystemCatalogue.Handbook;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, UnitLevel level) => builder
        .Counter("handbook_logins_total", "Successful sign-ins.", string.Empty)
        .Gauge("handbook_active_users", "Users active in the last five minutes.", null, string.Empty);

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
        sink.Add(ctx.Count(300));
        sink.Add(Math.Round(ctx.Profile.Scale * 60 * ctx.Activity * (0.8 + (0.4 * ctx.Noise(1)))));
    }
}
