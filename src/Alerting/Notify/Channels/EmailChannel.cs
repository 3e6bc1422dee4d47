using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Supervision.Alerting.Notify.Channels;

/// <summary>Sends e-mail over SMTP with MailKit: a readable HTML body and the same content as plain text.</summary>
public sealed class EmailChannel : INotificationChannel
{
    private readonly MessageRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly ILogger<EmailChannel> _logger;

    /// <summary>Creates the channel.</summary>
    public EmailChannel(MessageRenderer renderer, TimeProvider time, ILogger<EmailChannel> logger)
    {
        _renderer = renderer;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public ReceiverKind Kind => ReceiverKind.Email;

    /// <summary>Builds the MIME message (public for tests and previews).</summary>
    public MimeMessage BuildMessage(EmailSettings settings, Notification notification, MessageLanguage language = MessageLanguage.Vietnamese)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(notification);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        if (notification.Recipient is { } person)
        {
            message.To.Add(MailboxAddress.Parse(person));
        }
        else
        {
            foreach (var to in settings.To)
            {
                message.To.Add(MailboxAddress.Parse(to));
            }
        }

        message.Subject = MessageRenderer.Title(notification, language);
        message.Date = _time.GetUtcNow();
        message.Headers.Add("X-Supervision-Idempotency-Key", notification.IdempotencyKey);
        // A stable Message-ID per notification lets a mail system drop a repeat sent after a crash.
        message.MessageId = Hash(notification.IdempotencyKey) + "@supervision.local";
        var body = new BodyBuilder { TextBody = _renderer.Text(notification, language), HtmlBody = _renderer.Html(notification, language) };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(ReceiverDefinition receiver, Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(notification);
        var settings = receiver.Email ?? throw new ArgumentException($"receiver '{receiver.Name}' is not an e-mail receiver", nameof(receiver));
        var host = settings.Host + ":" + settings.Port.ToString(CultureInfo.InvariantCulture);
        MimeMessage message;
        try
        {
            message = BuildMessage(settings, notification, receiver.Language);
        }
        catch (ParseException ex)
        {
            return DeliveryResult.Permanent("bad address: " + ex.Message);
        }

        if (message.To.Count == 0)
        {
            return DeliveryResult.Permanent("no recipient");
        }

        using var timeoutCts = new CancellationTokenSource(settings.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, settings.Timeout.TotalMilliseconds) };
        DeliveryResult result;
        try
        {
            var security = settings.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(settings.Host, settings.Port, security, linked.Token);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, linked.Token);
            }

            await client.SendAsync(message, linked.Token);
            await client.DisconnectAsync(quit: true, linked.Token);
            result = DeliveryResult.Ok(250);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Retry($"timed out after {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            var error = $"SMTP {code}: {ex.Message}";
            result = code is >= 400 and < 500 ? DeliveryResult.Retry(error, code) : DeliveryResult.Permanent(error, code);
        }
        catch (AuthenticationException ex)
        {
            result = DeliveryResult.Permanent("authentication failed: " + ex.Message);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException)
        {
            result = DeliveryResult.Retry("connection failed: " + ex.Message);
        }

        result = result with { Error = result.Error is null ? null : SecretScrubber.Scrub(result.Error, receiver) };
        if (result.Delivered)
        {
            ChannelLog.Delivered(_logger, notification.IdempotencyKey, receiver.Name, host, 250);
        }
        else
        {
            ChannelLog.Failed(_logger, receiver.Name, host, notification.IdempotencyKey, result.Error ?? "unknown");
        }

        return result;
    }

    private static string Hash(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
}
