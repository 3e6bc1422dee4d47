namespace Supervision.Simulator.Metrics.Systems;

/// <summary>A system outside the catalogue: only the common API latency summary.</summary>
public sealed class GenericModel(string system) : SystemModel
{
    /// <inheritdoc />
    public override string System => system;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, Core.Domain.UnitLevel level)
    {
    }

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
    }
}
