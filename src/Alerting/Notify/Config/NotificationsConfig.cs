namespace Supervision.Alerting.Notify.Config;

/// <summary>The validated notification configuration: routes, receivers, people, schedules, policies.</summary>
/// <param name="Routes">Route tree.</param>
/// <param name="Receivers">Receivers by name.</param>
/// <param name="Users">People by name.</param>
/// <param name="Schedules">Schedules by name.</param>
/// <param name="Policies">Escalation policies by name.</param>
public sealed record NotificationsConfig(
    RouteTree Routes,
    IReadOnlyDictionary<string, ReceiverDefinition> Receivers,
    IReadOnlyDictionary<string, OnCallUser> Users,
    IReadOnlyDictionary<string, ScheduleDefinition> Schedules,
    IReadOnlyDictionary<string, EscalationPolicy> Policies);
