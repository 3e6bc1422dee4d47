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
        message.MessageId = SmtpSender.MessageId(notification.IdempotencyKey);
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
        var host = settings.Server.Endpoint;
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

        var sent = await SmtpSender.SendAsync(settings.Server, message, _time, cancellationToken);
        var result = sent.Sent ? DeliveryResult.Ok(250)
            : sent.Retryable ? DeliveryResult.Retry(sent.Error ?? "unknown", sent.Code)
            : DeliveryResult.Permanent(sent.Error ?? "unknown", sent.Code);
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
}
