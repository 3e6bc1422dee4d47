namespace Supervision.Alerting.Notify.Channels;

/// <summary>
/// Sends a templated HTTP request, for chat services (Telegram's sendMessage, Zalo OA, Slack-like hooks):
/// URL, headers and body are <see cref="MessageTemplate"/>s over the message's fields.
/// </summary>
public sealed class HttpTemplateChannel : INotificationChannel
{
    private readonly IHttpClientFactory _http;
    private readonly MessageRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpTemplateChannel> _logger;

    /// <summary>Creates the channel.</summary>
    public HttpTemplateChannel(IHttpClientFactory http, MessageRenderer renderer, TimeProvider time, ILogger<HttpTemplateChannel> logger)
    {
        _http = http;
        _renderer = renderer;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public ReceiverKind Kind => ReceiverKind.Http;

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(ReceiverDefinition receiver, Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(notification);
        var settings = receiver.Http ?? throw new ArgumentException($"receiver '{receiver.Name}' is not an http receiver", nameof(receiver));
        var vars = _renderer.Variables(notification, settings, receiver.Language);
        var url = MessageTemplate.Render(settings.UrlTemplate, vars);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return DeliveryResult.Permanent("rendered URL is not absolute: " + SecretScrubber.Scrub(url, receiver));
        }

        using var request = new HttpRequestMessage(new HttpMethod(settings.Method), uri);
        if (settings.Method != "GET" && settings.BodyTemplate.Length > 0)
        {
            request.Content = new StringContent(MessageTemplate.Render(settings.BodyTemplate, vars), Encoding.UTF8, settings.ContentType);
        }

        request.Headers.TryAddWithoutValidation(NotifyHttp.IdempotencyHeader, notification.IdempotencyKey);
        foreach (var (name, template) in settings.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, MessageTemplate.Render(template, vars));
        }

        var result = await NotifyHttp.SendAsync(_http, _time, request, settings.Timeout, cancellationToken);
        result = result with { Error = result.Error is null ? null : SecretScrubber.Scrub(result.Error, receiver) };
        if (result.Delivered)
        {
            ChannelLog.Delivered(_logger, notification.IdempotencyKey, receiver.Name, uri.Authority, result.StatusCode ?? 0);
        }
        else
        {
            ChannelLog.Failed(_logger, receiver.Name, uri.Authority, notification.IdempotencyKey, result.Error ?? "unknown");
        }

        return result;
    }
}
