namespace Supervision.Simulator.Metrics.Systems;

/// <summary>Paperless meeting rooms: rooms in session and devices online, following working hours.</summary>
public sealed class MeetingModel : SystemModel
{
    /// <inheritdoc />
    public override string System => SystemCatalogue.Meeting;

    /// <inheritdoc />
    protected override void DescribeOwn(LayoutBuilder builder, UnitLevel level) => builder
        .Gauge("meeting_rooms_in_session", "Meeting rooms with a session open.", null, string.Empty)
        .Gauge("meeting_devices_online", "Tablets and room devices connected.", null, string.Empty);

    /// <inheritdoc />
    protected override void ComputeOwn(in ModelContext ctx, ref ValueSink sink)
    {
        var rooms = Math.Round(2 + (ctx.Profile.Scale / 2));
        var inSession = Math.Floor(rooms * ctx.Activity * (0.4 + (0.6 * ctx.Noise(1))));
        sink.Add(inSession);
        sink.Add((inSession * 12) + Math.Floor(rooms * 2 * ctx.Noise(2)));
    }
}
