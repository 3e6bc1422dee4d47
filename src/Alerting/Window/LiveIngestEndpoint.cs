using System.IO.Compression;
using System.Security.Cryptography;
using Supervision.Core.Buffers;

namespace Supervision.Alerting.Window;

/// <summary>
/// <c>POST /live/{token}/write</c>: where InfluxDB's subscription posts each write (line protocol, as its
/// <c>/write</c> takes it). The token is this process's, given to InfluxDB with the subscription; a wrong one is 404,
/// as if nothing listened there. Bad lines are answered like InfluxDB answers them (400, "partial write", line numbers)
/// after the good ones are kept.
/// </summary>
internal static class LiveIngestEndpoint
{
    public const string RoutePrefix = "/live";

    public static void MapLiveIngest(this IEndpointRouteBuilder app)
    {
        app.MapPost(RoutePrefix + "/{token}/write", HandleAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> HandleAsync(string token, HttpRequest request, LiveWindow window, LiveSubscriptionToken expected, LiveMetrics metrics,
        IOptions<LiveWindowOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected.Value)))
        {
            return Results.NotFound();
        }

        if (!Supervision.Core.Influx.LineProtocolReader.TryPrecision(request.Query["precision"].ToString(), out var nanosPerUnit))
        {
            return Results.BadRequest(new { error = $"precision '{request.Query["precision"]}' is not one of n, ns, u, us, ms, s, m, h" });
        }

        var limit = options.Value.MaxBodyBytes;
        // Pooled: InfluxDB posts every write batch (hundreds of KiB at national load, many a second); a fresh array per
        // post was a large-object-heap allocation each time, which kept this service's heap far above what it holds.
        using var buffer = new PooledBuffer(request.ContentLength is > 0 and var n && n <= limit ? (int)n : 64 * 1024);
        var gzip = string.Equals(request.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase);
        await using (var body = gzip ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body)
        {
            while (true)
            {
                var read = await body.ReadAsync(buffer.GetMemory(16 * 1024), ct);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.Length > limit)
                {
                    return Results.Json(new { error = $"body larger than Alerting:Live:MaxBodyBytes ({limit} bytes)" }, statusCode: StatusCodes.Status413PayloadTooLarge);
                }
            }
        }

        var result = window.Ingest(buffer.WrittenSpan, nanosPerUnit);
        metrics.Points.Inc(result.Stored);
        metrics.Skipped.Inc(result.Skipped);
        metrics.Series.Set(window.SeriesCount);
        if (result.Rejected == 0)
        {
            return Results.NoContent();
        }

        metrics.Rejected.Inc(result.Rejected);
        var errors = string.Join("; ", result.Errors);
        LiveLog.Rejected(loggers.CreateLogger(typeof(LiveIngestEndpoint).FullName!), request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?", result.Rejected, errors);
        return Results.BadRequest(new { error = $"partial write: {result.Rejected} line(s) rejected: {errors}" });
    }
}

/// <summary>The secret in this process's subscription URL (new at every start).</summary>
internal sealed record LiveSubscriptionToken(string Value)
{
    public static LiveSubscriptionToken New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
}
