namespace Supervision.Alerting.Notify.Channels;

/// <summary>Kinds of receiver.</summary>
public enum ReceiverKind
{
    /// <summary>Alertmanager webhook JSON (version 4).</summary>
    Webhook,

    /// <summary>E-mail over SMTP.</summary>
    Email,

    /// <summary>Templated HTTP request (chat services).</summary>
    Http,

    /// <summary>An escalation policy that pages people step by step.</summary>
    Escalation,
}

/// <summary>A configured receiver: its name, kind and the settings of that kind.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Webhook">Webhook settings when <see cref="ReceiverKind.Webhook"/>.</param>
/// <param name="Email">SMTP settings when <see cref="ReceiverKind.Email"/>.</param>
/// <param name="Http">Template settings when <see cref="ReceiverKind.Http"/>.</param>
/// <param name="EscalationPolicy">Policy name when <see cref="ReceiverKind.Escalation"/>.</param>
/// <param name="Language">Language of its messages (default Vietnamese).</param>
public sealed record ReceiverDefinition(
    string Name,
    ReceiverKind Kind,
    WebhookSettings? Webhook = null,
    EmailSettings? Email = null,
    HttpTemplateSettings? Http = null,
    string? EscalationPolicy = null,
    MessageLanguage Language = MessageLanguage.Vietnamese)
{
    /// <summary>Secret values of this receiver, to scrub from any text that could reach a log.</summary>
    public IReadOnlyList<string> Secrets()
    {
        var list = new List<string>();
        if (!string.IsNullOrEmpty(Webhook?.BearerToken)) { list.Add(Webhook.BearerToken); }
        if (!string.IsNullOrEmpty(Email?.Password)) { list.Add(Email.Password); }
        if (Http is not null)
        {
            foreach (var v in Http.Secrets.Values)
            {
                if (!string.IsNullOrEmpty(v)) { list.Add(v); }
            }
        }

        return list;
    }
}

/// <summary>Webhook settings.</summary>
/// <param name="Url">Target.</param>
/// <param name="BearerToken">Optional bearer token (secret).</param>
/// <param name="Timeout">Per-attempt timeout.</param>
/// <param name="MaxAlerts">Most alerts per message, 0 for all (the rest are counted in <c>truncatedAlerts</c>).</param>
public sealed record WebhookSettings(Uri Url, string? BearerToken, TimeSpan Timeout, int MaxAlerts);

/// <summary>SMTP settings.</summary>
/// <param name="Host">Server host.</param>
/// <param name="Port">Server port.</param>
/// <param name="From">Sender.</param>
/// <param name="To">Default recipients.</param>
/// <param name="Username">Optional user.</param>
/// <param name="Password">Optional password (secret).</param>
/// <param name="Security">Transport security.</param>
/// <param name="Timeout">Per-attempt timeout.</param>
public sealed record EmailSettings(
    string Host,
    int Port,
    string From,
    IReadOnlyList<string> To,
    string? Username,
    string? Password,
    SmtpSecurity Security,
    TimeSpan Timeout)
{
    /// <summary>The server part, as Core's sender takes it.</summary>
    public SmtpServer Server => new(Host, Port, Username, Password, Security, Timeout);
}

/// <summary>Templated HTTP settings: URL, headers and body are templates over the message's fields.</summary>
/// <param name="UrlTemplate">URL template.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="ContentType">Body media type.</param>
/// <param name="BodyTemplate">Body template.</param>
/// <param name="Headers">Header templates.</param>
/// <param name="Secrets">Values for <c>{{secret.name}}</c>; never logged.</param>
/// <param name="Recipient">Default recipient (chat id).</param>
/// <param name="Timeout">Per-attempt timeout.</param>
public sealed record HttpTemplateSettings(
    string UrlTemplate,
    string Method,
    string ContentType,
    string BodyTemplate,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Secrets,
    string? Recipient,
    TimeSpan Timeout);
