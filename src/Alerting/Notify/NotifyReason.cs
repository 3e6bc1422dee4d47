namespace Supervision.Alerting.Notify;

/// <summary>
/// Why a notification goes out, in both languages: the pipeline decides the reason once per group flush, and each
/// message takes the words of its receiver's <c>language</c> (Vietnamese by default) when it is made; logs read the
/// English one.
/// </summary>
/// <param name="Vi">Vietnamese text.</param>
/// <param name="En">English text.</param>
internal readonly record struct NotifyReason(string Vi, string En)
{
    public static NotifyReason NewGroup { get; } = new("nhóm cảnh báo mới", "new alert group");

    public static NotifyReason NewAlerts { get; } = new("nhóm thay đổi: có cảnh báo mới", "group changed: new alerts");

    public static NotifyReason AlertsResolved { get; } = new("nhóm thay đổi: cảnh báo đã khắc phục", "group changed: alerts resolved");

    public static NotifyReason Repeat { get; } = new("vẫn đang cảnh báo (nhắc lại)", "still firing (repeat)");

    public static NotifyReason EscalationResumed { get; } = new("tiếp tục leo thang (bỏ xác nhận)", "escalation resumed (un-acknowledged)");

    /// <summary>A step paged because the one before was not acknowledged in time (1-based step and round).</summary>
    public static NotifyReason StepDue(int step, int round) => new(
        string.Create(CultureInfo.InvariantCulture, $"leo thang bước {step} (vòng {round}): chưa được xác nhận kịp thời"),
        string.Create(CultureInfo.InvariantCulture, $"escalation step {step} (round {round}): not acknowledged in time"));

    /// <summary>The first step, paged with the group's first notice.</summary>
    public static NotifyReason FirstStep { get; } = new("leo thang bước 1", "escalation step 1");

    /// <summary>Someone escalated by hand (the alert page's "Leo thang").</summary>
    public static NotifyReason Manual(string by, int step, int round) => new(
        string.Create(CultureInfo.InvariantCulture, $"{by} leo thang thủ công lên bước {step} (vòng {round})"),
        string.Create(CultureInfo.InvariantCulture, $"escalated by {by} to step {step} (round {round})"));

    /// <summary>This reason followed by <paramref name="more"/>.</summary>
    public NotifyReason Then(NotifyReason more) => new(Vi + " — " + more.Vi, En + " — " + more.En);

    /// <summary>The text in <paramref name="language"/>.</summary>
    public string In(MessageLanguage language) => language == MessageLanguage.English ? En : Vi;
}
