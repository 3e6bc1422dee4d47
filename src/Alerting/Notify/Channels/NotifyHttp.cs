namespace Supervision.Alerting.Notify.Channels;

/// <summary>Name of the HTTP client all HTTP channels use (its default request logging is removed: URLs may hold tokens).</summary>
public static class NotifyHttp
{
    /// <summary>Client name for <see cref="IHttpClientFactory"/>.</summary>
    public const string ClientName = "Supervision.Notify";

    /// <summary>Header carrying the notification's idempotency key, so a receiver can drop a repeat after a crash.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Sends a request with a per-attempt timeout and classifies the outcome.</summary>
    public static async Task<DeliveryResult> SendAsync(
        IHttpClientFactory factory,
        TimeProvider time,
        HttpRequestMessage request,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(request);
        using var timeoutCts = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var client = factory.CreateClient(ClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Ok(status);
            }

            var error = $"HTTP {status} {response.ReasonPhrase}";
            return SecretScrubber.IsRetryableStatus(status) ? DeliveryResult.Retry(error, status) : DeliveryResult.Permanent(error, status);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Retry($"timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Retry("connection failed: " + (ex.HttpRequestError.ToString()) + " " + ex.Message);
        }
    }
}
