using System.Net.Http.Headers;

namespace Supervision.Alerting.Notify.Channels;

/// <summary>POSTs Alertmanager's webhook JSON (version 4).</summary>
public sealed class WebhookChannel : INotificationChannel
{
    private readonly IHttpClientFactory _http;
    private readonly MessageRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookChannel> _logger;
    private readonly string _externalUrl;

    /// <summary>Creates the channel.</summary>
    public WebhookChannel(IHttpClientFactory http, MessageRenderer renderer, TimeProvider time, IOptions<NotificationOptions> options, ILogger<WebhookChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _renderer = renderer;
        _time = time;
        _logger = logger;
        _externalUrl = options.Value.EffectiveExternalUrl;
    }

    /// <inheritdoc />
    public ReceiverKind Kind => ReceiverKind.Webhook;

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(ReceiverDefinition receiver, Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(notification);
        var settings = receiver.Webhook ?? throw new ArgumentException($"receiver '{receiver.Name}' is not a webhook", nameof(receiver));
        var payload = WebhookPayloadBuilder.Build(notification, _renderer, _externalUrl, settings.MaxAlerts, receiver.Language);
        // Serialized up front, not streamed: the request then carries Content-Length, as Alertmanager's does; a
        // streamed JsonContent goes out chunked, and simple receivers read an empty body.
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, WebhookJsonContext.Default.WebhookPayload));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = body };
        request.Headers.TryAddWithoutValidation(NotifyHttp.IdempotencyHeader, notification.IdempotencyKey);
        if (!string.IsNullOrEmpty(settings.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.BearerToken);
        }

        var result = await NotifyHttp.SendAsync(_http, _time, request, settings.Timeout, cancellationToken);
        result = result with { Error = result.Error is null ? null : SecretScrubber.Scrub(result.Error, receiver) };
        if (result.Delivered)
        {
            ChannelLog.Delivered(_logger, notification.IdempotencyKey, receiver.Name, settings.Url.Authority, result.StatusCode ?? 0);
        }
        else
        {
            ChannelLog.Failed(_logger, receiver.Name, settings.Url.Authority, notification.IdempotencyKey, result.Error ?? "unknown");
        }

        return result;
    }
}
