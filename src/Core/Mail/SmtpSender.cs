using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Supervision.Core.Mail;

/// <summary>What became of one attempt to hand a message to the SMTP server.</summary>
/// <param name="Sent">The server accepted the message (250).</param>
/// <param name="Retryable">Not sent, and worth trying again later (connection refused, timeout, 4xx).</param>
/// <param name="Error">Why not, in the server's or the socket's words, or null when sent.</param>
/// <param name="Code">The SMTP reply code when the server gave one.</param>
public sealed record SmtpResult(bool Sent, bool Retryable, string? Error, int? Code)
{
    /// <summary>Accepted.</summary>
    public static SmtpResult Ok { get; } = new(true, false, null, 250);
}

/// <summary>
/// Sends one MIME message over SMTP with MailKit and sorts failures into "try again" (the server or the network is
/// away, or answers 4xx) and "give up" (5xx, bad credentials): the one sender of the center (Alerting's e-mail
/// receivers, the Dashboard's scheduled reports).
/// </summary>
public static class SmtpSender
{
    /// <summary>Sends <paramref name="message"/> through <paramref name="server"/>, bounded by its timeout.</summary>
    public static async Task<SmtpResult> SendAsync(SmtpServer server, MimeMessage message, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(time);
        using var timeoutCts = new CancellationTokenSource(server.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, server.Timeout.TotalMilliseconds) };
        try
        {
            var security = server.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(server.Host, server.Port, security, linked.Token);
            if (!string.IsNullOrEmpty(server.Username))
            {
                await client.AuthenticateAsync(server.Username, server.Password ?? string.Empty, linked.Token);
            }

            await client.SendAsync(message, linked.Token);
            await client.DisconnectAsync(quit: true, linked.Token);
            return SmtpResult.Ok;
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SmtpResult(false, true, $"timed out after {server.Timeout.TotalSeconds:0.###} s", null);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            return new SmtpResult(false, code is >= 400 and < 500, $"SMTP {code}: {ex.Message}", code);
        }
        catch (AuthenticationException ex)
        {
            return new SmtpResult(false, false, "authentication failed: " + ex.Message, null);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException)
        {
            return new SmtpResult(false, true, "connection failed: " + ex.Message, null);
        }
    }

    /// <summary>
    /// A Message-ID made from <paramref name="idempotencyKey"/>: the same message sent again after a crash carries the
    /// same id, so a mail system can drop the repeat.
    /// </summary>
    public static string MessageId(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16)) + "@supervision.local";
    }
}
