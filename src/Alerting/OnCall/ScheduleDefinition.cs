namespace Supervision.Alerting.OnCall;

/// <summary>An on-call schedule: rotation layers (later layers win where they have someone) in one time zone.</summary>
/// <param name="Name">Schedule name.</param>
/// <param name="TimeZone">Zone of hand-off times (Vietnam time by default).</param>
/// <param name="Layers">Layers, lowest priority first.</param>
public sealed record ScheduleDefinition(string Name, TimeZoneInfo TimeZone, IReadOnlyList<RotationLayer> Layers);
