namespace Supervision.Alerting.Notify.Config;

// The raw shape of config/notifications.yaml, bound by YamlDotNet with underscored names. The loader turns it
// into the validated model; nothing else reads these types.
#pragma warning disable CA1002, CA2227 // YAML binding needs settable List/Dictionary properties.

/// <summary>Raw notifications.yaml root.</summary>
public sealed class NotificationsFile
{
    /// <summary>Root route.</summary>
    public RouteFile? Route { get; set; }

    /// <summary>Receivers.</summary>
    public List<ReceiverFile> Receivers { get; set; } = [];

    /// <summary>People who can be on call.</summary>
    public List<UserFile> Users { get; set; } = [];

    /// <summary>On-call schedules.</summary>
    public List<ScheduleFile> Schedules { get; set; } = [];

    /// <summary>Escalation policies.</summary>
    public List<EscalationPolicyFile> EscalationPolicies { get; set; } = [];
}

/// <summary>Raw route node.</summary>
public sealed class RouteFile
{
    /// <summary>Receiver name (inherited when empty).</summary>
    public string? Receiver { get; set; }

    /// <summary>Matchers such as <c>severity="critical"</c>.</summary>
    public List<string> Matchers { get; set; } = [];

    /// <summary>Grouping labels (inherited when null).</summary>
    public List<string>? GroupBy { get; set; }

    /// <summary>Wait before the first notification of a new group.</summary>
    public string? GroupWait { get; set; }

    /// <summary>Wait before notifying changes of a group.</summary>
    public string? GroupInterval { get; set; }

    /// <summary>Wait before repeating an unchanged firing group.</summary>
    public string? RepeatInterval { get; set; }

    /// <summary>Keep matching siblings after this route matched.</summary>
    public bool Continue { get; set; }

    /// <summary>Child routes.</summary>
    public List<RouteFile> Routes { get; set; } = [];
}

/// <summary>Raw receiver: exactly one of webhook, email, http, escalation.</summary>
public sealed class ReceiverFile
{
    /// <summary>Unique name.</summary>
    public string? Name { get; set; }

    /// <summary>Alertmanager-format webhook.</summary>
    public WebhookFile? Webhook { get; set; }

    /// <summary>E-mail over SMTP.</summary>
    public EmailFile? Email { get; set; }

    /// <summary>Templated HTTP (chat services).</summary>
    public HttpTemplateFile? Http { get; set; }

    /// <summary>Name of an escalation policy that decides who is paged.</summary>
    public string? Escalation { get; set; }

    /// <summary>Language of the messages: <c>vi</c> (default) or <c>en</c>.</summary>
    public string? Language { get; set; }
}

/// <summary>Raw webhook settings.</summary>
public sealed class WebhookFile
{
    /// <summary>Target URL.</summary>
    public string? Url { get; set; }

    /// <summary>Bearer token (secret; <c>${ENV}</c> allowed).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Per-attempt timeout.</summary>
    public string? Timeout { get; set; }

    /// <summary>Most alerts per message; 0 = all.</summary>
    public int MaxAlerts { get; set; }
}

/// <summary>Raw SMTP settings.</summary>
public sealed class EmailFile
{
    /// <summary>host:port of the SMTP server.</summary>
    public string? Smarthost { get; set; }

    /// <summary>Sender address.</summary>
    public string? From { get; set; }

    /// <summary>Recipients (a person's address replaces them for escalation pages).</summary>
    public List<string> To { get; set; } = [];

    /// <summary>SMTP user.</summary>
    public string? Username { get; set; }

    /// <summary>SMTP password (secret; <c>${ENV}</c> allowed).</summary>
    public string? Password { get; set; }

    /// <summary>none, starttls, tls or auto.</summary>
    public string? Security { get; set; }

    /// <summary>Per-attempt timeout.</summary>
    public string? Timeout { get; set; }
}

/// <summary>Raw templated HTTP settings.</summary>
public sealed class HttpTemplateFile
{
    /// <summary>URL template.</summary>
    public string? Url { get; set; }

    /// <summary>HTTP method (POST by default).</summary>
    public string? Method { get; set; }

    /// <summary>Body content type.</summary>
    public string? ContentType { get; set; }

    /// <summary>Body template.</summary>
    public string? Body { get; set; }

    /// <summary>Extra headers (values are templates).</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Secrets usable as <c>{{secret.name}}</c>; never logged.</summary>
    public Dictionary<string, string> Secrets { get; set; } = [];

    /// <summary>Default recipient (chat id) when a person's address is not given.</summary>
    public string? Recipient { get; set; }

    /// <summary>Per-attempt timeout.</summary>
    public string? Timeout { get; set; }
}

/// <summary>Raw person.</summary>
public sealed class UserFile
{
    /// <summary>Login-like name.</summary>
    public string? Name { get; set; }

    /// <summary>Display name.</summary>
    public string? FullName { get; set; }

    /// <summary>Receiver used to reach the person (e-mail or chat).</summary>
    public string? Receiver { get; set; }

    /// <summary>Address on that receiver (e-mail address, chat id).</summary>
    public string? Address { get; set; }
}

/// <summary>Raw schedule.</summary>
public sealed class ScheduleFile
{
    /// <summary>Schedule name.</summary>
    public string? Name { get; set; }

    /// <summary>Time zone of hand-off times.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Layers, later ones win.</summary>
    public List<LayerFile> Layers { get; set; } = [];
}

/// <summary>Raw rotation layer.</summary>
public sealed class LayerFile
{
    /// <summary>Layer name.</summary>
    public string? Name { get; set; }

    /// <summary>daily or weekly.</summary>
    public string? Rotation { get; set; }

    /// <summary>Local hand-off time, HH:mm.</summary>
    public string? Handoff { get; set; }

    /// <summary>First day (yyyy-MM-dd, local); for weekly rotations its weekday is the hand-off day.</summary>
    public string? Start { get; set; }

    /// <summary>People in rotation order.</summary>
    public List<string> Users { get; set; } = [];
}

/// <summary>Raw escalation policy.</summary>
public sealed class EscalationPolicyFile
{
    /// <summary>Policy name.</summary>
    public string? Name { get; set; }

    /// <summary>How many times the whole policy repeats after the first round.</summary>
    public int Repeat { get; set; }

    /// <summary>Steps in order.</summary>
    public List<EscalationStepFile> Steps { get; set; } = [];
}

/// <summary>Raw escalation step.</summary>
public sealed class EscalationStepFile
{
    /// <summary>How long to wait for an acknowledgement before the next step.</summary>
    public string? After { get; set; }

    /// <summary>Who is notified at this step.</summary>
    public List<StepTargetFile> Targets { get; set; } = [];
}

/// <summary>Raw step target: one of schedule, user, receiver.</summary>
public sealed class StepTargetFile
{
    /// <summary>Whoever is on call on this schedule.</summary>
    public string? Schedule { get; set; }

    /// <summary>A named person.</summary>
    public string? User { get; set; }

    /// <summary>A receiver (e.g. a team channel).</summary>
    public string? Receiver { get; set; }
}
#pragma warning restore CA1002, CA2227
