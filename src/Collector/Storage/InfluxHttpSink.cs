using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;

namespace Supervision.Collector.Storage;

/// <summary>Posts bodies to InfluxDB's v1 <c>/write</c> (ms precision, optional gzip and authentication).</summary>
public sealed class InfluxHttpSink(IHttpClientFactory httpClients, IOptions<CollectorOptions> options) : IInfluxSink
{
    /// <summary>Name of the HttpClient used for writes.</summary>
    public const string HttpClientName = "influx-write";

    private readonly InfluxWriteOptions _options = options.Value.Influx;

    /// <inheritdoc />
    public async Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var query = $"write?db={Uri.EscapeDataString(_options.Database)}&precision=ms" +
            (_options.RetentionPolicy is { } rp ? "&rp=" + Uri.EscapeDataString(rp) : string.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(_options.Url.TrimEnd('/') + "/"), query));
        request.Content = _options.Gzip ? Gzip(body) : new ReadOnlyMemoryContent(body);
        if (_options.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        else if (_options.Username is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.Password}")));
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new InfluxWriteException($"InfluxDB at {_options.Url} unreachable: {ex.Message}", isTransient: true, 0, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxWriteException($"InfluxDB at {_options.Url} did not answer in time", isTransient: true, 0, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var message = await ServerMessageAsync(response, cancellationToken);
            // 4xx means the body or the credentials are wrong: retrying the same body cannot help,
            // except 404 (database not created yet) which an operator fixes while we keep the data.
            var transient = status >= 500 || status == 404 || status == 429;
            throw new InfluxWriteException($"InfluxDB write failed ({status}): {message}", transient, status);
        }
    }

    private static ByteArrayContent Gzip(ReadOnlyMemory<byte> body)
    {
        using var buffer = new MemoryStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body.Span);
        }

        var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    private static async Task<string> ServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                return error.GetString() ?? text;
            }
        }
        catch (JsonException)
        {
            // not JSON: return it as is
        }

        return text.Length > 500 ? text[..500] : text;
    }
}
