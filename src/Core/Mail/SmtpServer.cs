namespace Supervision.Core.Mail;

/// <summary>Transport security for SMTP.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (loopback relays).</summary>
    None,

    /// <summary>Upgrade with STARTTLS, fail if not offered.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,

    /// <summary>STARTTLS when offered.</summary>
    Auto,
}

/// <summary>Where and how to hand mail over: one SMTP server, shared by Alerting's e-mail receivers and the Dashboard's reports.</summary>
/// <param name="Host">Server host.</param>
/// <param name="Port">Server port.</param>
/// <param name="Username">Optional user.</param>
/// <param name="Password">Optional password (secret: never logged).</param>
/// <param name="Security">Transport security.</param>
/// <param name="Timeout">Per-attempt timeout (connect, authenticate, send).</param>
public sealed record SmtpServer(string Host, int Port, string? Username, string? Password, SmtpSecurity Security, TimeSpan Timeout)
{
    /// <summary><c>host:port</c>, for logs (no user or password).</summary>
    public string Endpoint => Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a security name as configured (<c>none</c>, <c>starttls</c>, <c>tls</c>, <c>auto</c>, any case); null for anything else.</summary>
    public static SmtpSecurity? ParseSecurity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "none" => SmtpSecurity.None,
        "starttls" => SmtpSecurity.StartTls,
        "tls" => SmtpSecurity.Tls,
        "auto" => SmtpSecurity.Auto,
        _ => null,
    };
}
