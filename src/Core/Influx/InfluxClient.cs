using System.Net.Http.Headers;

namespace Supervision.Core.Influx;

/// <summary>Timestamp precision of written points.</summary>
public enum InfluxPrecision
{
    /// <summary>Nanoseconds.</summary>
    Nanoseconds,

    /// <summary>Milliseconds.</summary>
    Milliseconds,

    /// <summary>Seconds.</summary>
    Seconds,
}

/// <summary>
/// A client of InfluxDB's v1 HTTP API: <c>/write</c> (line protocol, optional gzip), <c>/query</c>
/// (InfluxQL, JSON answers with several statements) and <c>/ping</c>; basic or token authentication.
/// Every failure surfaces as an <see cref="InfluxException"/> subtype with InfluxDB's own message.
/// </summary>
public sealed class InfluxClient(HttpClient http, InfluxOptions options)
{
    private readonly Uri _base = new(options.Url.TrimEnd('/') + "/");

    /// <summary>The options in use.</summary>
    public InfluxOptions Options { get; } = options;

    /// <summary>Writes a line-protocol body (gzipped on the way when <see cref="InfluxOptions.Gzip"/>).</summary>
    /// <param name="body">Complete points; timestamps in <paramref name="precision"/>.</param>
    /// <param name="precision">Unit of the timestamps in the body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task WriteAsync(ReadOnlyMemory<byte> body, InfluxPrecision precision = InfluxPrecision.Milliseconds, CancellationToken cancellationToken = default)
    {
        if (!Options.GzipInEffect)
        {
            await PostWriteAsync(body, precision, gzipped: false, cancellationToken);
            return;
        }

        using var buffer = new MemoryStream((body.Length / 4) + 64);
        GzipBody.Compress(body.Span, buffer);
        await PostWriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), precision, gzipped: true, cancellationToken);
    }

    /// <summary>Writes a line-protocol body the caller has gzipped already (sent with <c>Content-Encoding: gzip</c> whatever <see cref="InfluxOptions.Gzip"/> says).</summary>
    public Task WriteGzippedAsync(ReadOnlyMemory<byte> gzippedBody, InfluxPrecision precision = InfluxPrecision.Milliseconds, CancellationToken cancellationToken = default) =>
        PostWriteAsync(gzippedBody, precision, gzipped: true, cancellationToken);

    /// <summary>Runs InfluxQL against the database (<c>GET /query</c>; use <see cref="ExecuteAsync"/> for statements that change things).</summary>
    public Task<InfluxQueryResult> QueryAsync(string influxQl, CancellationToken cancellationToken = default) =>
        RunAsync(HttpMethod.Get, influxQl, cancellationToken);

    /// <summary>Runs InfluxQL that changes state (<c>POST /query</c>: CREATE, DROP, …).</summary>
    public Task<InfluxQueryResult> ExecuteAsync(string influxQl, CancellationToken cancellationToken = default) =>
        RunAsync(HttpMethod.Post, influxQl, cancellationToken);

    /// <summary>Pings the server; returns its version header.</summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "ping"));
        using var response = await SendAsync(request, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        return response.Headers.TryGetValues("X-Influxdb-Version", out var v) ? v.FirstOrDefault() : null;
    }

    private async Task PostWriteAsync(ReadOnlyMemory<byte> body, InfluxPrecision precision, bool gzipped, CancellationToken cancellationToken)
    {
        var p = precision switch { InfluxPrecision.Nanoseconds => "ns", InfluxPrecision.Seconds => "s", _ => "ms" };
        var query = $"write?db={Uri.EscapeDataString(Options.Database)}&precision={p}" +
            (Options.RetentionPolicy is { } rp ? "&rp=" + Uri.EscapeDataString(rp) : string.Empty);
        var content = new ReadOnlyMemoryContent(body);
        if (gzipped)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, query)) { Content = content };
        using var response = await SendAsync(request, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
    }

    private async Task<InfluxQueryResult> RunAsync(HttpMethod method, string influxQl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(influxQl);
        var query = $"query?db={Uri.EscapeDataString(Options.Database)}&epoch=ms&q={Uri.EscapeDataString(influxQl)}";
        using var request = new HttpRequestMessage(method, new Uri(_base, query));
        using var response = await SendAsync(request, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var result = InfluxQueryResult.Parse(bytes);
        foreach (var statement in result.Statements)
        {
            if (statement.Error is { } error)
            {
                throw error.Contains("database not found", StringComparison.Ordinal)
                    ? new InfluxDatabaseNotFoundException(error)
                    : new InfluxBadRequestException($"statement {statement.StatementId}: {error}");
            }
        }

        return result;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Options.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        else if (Options.Username is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Options.Password}")));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            return await http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new InfluxException($"InfluxDB at {Options.Url} unreachable: {ex.Message}", 0, true, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxException($"InfluxDB at {Options.Url} did not answer within {Options.Timeout.TotalSeconds:0.#} s", 0, true, ex);
        }
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = text;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("error", out var error) && error.GetString() is { } e)
            {
                message = e;
            }
        }
        catch (JsonException)
        {
            // not JSON: keep the text
        }

        throw InfluxException.FromResponse((int)response.StatusCode, message.Trim());
    }
}
