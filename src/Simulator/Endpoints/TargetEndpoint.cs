using System.IO.Compression;
using Microsoft.Net.Http.Headers;

namespace Supervision.Simulator.Endpoints;

/// <summary>
/// Serves <c>/t/{unit}/{system}/health</c> and <c>/t/{unit}/{system}/metrics</c> for every target. It
/// runs as middleware ahead of routing: the path is split by hand and the target found through a span
/// lookup, so a scrape allocates little beyond what Kestrel itself needs.
/// </summary>
public sealed class TargetEndpoint
{
    /// <summary>The path prefix every target lives under.</summary>
    public const string Prefix = "/t/";

    private static readonly byte[] EofLine = "# EOF\n"u8.ToArray();

    private readonly SimulatedFleet _fleet;
    private readonly FaultStore _faults;
    private readonly MetricsRenderer _metrics;
    private readonly TimeProvider _time;
    private readonly SimulatorTelemetry _telemetry;
    private readonly RequestLog _log;
    private readonly CancellationToken _stopping;

    /// <summary>Wires the endpoint.</summary>
    public TargetEndpoint(SimulatedFleet fleet, FaultStore faults, MetricsRenderer metrics, TimeProvider time, SimulatorTelemetry telemetry, IHostApplicationLifetime lifetime, RequestLog log)
    {
        _log = log;
        ArgumentNullException.ThrowIfNull(lifetime);
        _fleet = fleet;
        _faults = faults;
        _metrics = metrics;
        _time = time;
        _telemetry = telemetry;
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>Handles a request whose path starts with <see cref="Prefix"/>.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value.AsSpan(Prefix.Length);
        var slash = path.LastIndexOf('/');
        var endpoint = slash < 0 ? [] : path[(slash + 1)..];
        var isMetrics = endpoint.SequenceEqual("metrics");
        var profile = slash < 0 ? null : _fleet.Find(path[..slash]);
        if (profile is null || (!isMetrics && !endpoint.SequenceEqual("health")))
        {
            _telemetry.Served(isMetrics, RequestOutcome.NotFound);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(profile is null ? "unknown target\n" : "unknown endpoint: use health or metrics\n", context.RequestAborted);
            return;
        }

        profile.CountRequest(isMetrics);
        var arrived = _time.GetUtcNow();
        if (!isMetrics && _log.Enabled)
        {
            // The collector's planned start of the slot when it says so (a late request still counts in its own slot).
            _log.Record(profile.Index, context.Request.Headers[RequestLog.SlotHeader] is [{ } slot] && long.TryParse(slot, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : arrived);
        }

        var effects = _faults.EffectsFor(profile.Index, arrived);
        if (effects.Hang)
        {
            await HangAsync(context, isMetrics);
            return;
        }

        if (effects.Down == DownMode.Refused)
        {
            // One port serves every target, so a real refusal (RST to the SYN) is impossible per path:
            // the accepted connection is aborted before any response byte, which a scraper sees as a
            // reset connection, the same error class as a refusal.
            _telemetry.Served(isMetrics, RequestOutcome.Refused);
            context.Abort();
            return;
        }

        if (effects.DelayMs > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(effects.DelayMs), _time, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        // "Now" is read once more after any delay and then used for the whole body.
        var now = _time.GetUtcNow();
        if (isMetrics)
        {
            await ServeMetricsAsync(context, profile, now, effects);
        }
        else
        {
            await ServeHealthAsync(context, profile, now, effects);
        }
    }

    private async Task HangAsync(HttpContext context, bool isMetrics)
    {
        _telemetry.Served(isMetrics, RequestOutcome.Hang);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the simulator is stopping: both end the hang.
        }

        context.Abort();
    }

    private async Task ServeHealthAsync(HttpContext context, TargetProfile profile, DateTimeOffset now, FaultEffects effects)
    {
        using var body = new PooledBuffer(1024);
        var status = HealthRenderer.Render(profile, now, effects, body);
        _telemetry.Served(false, status == 200 ? RequestOutcome.Ok : RequestOutcome.Unavailable);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    private async Task ServeMetricsAsync(HttpContext context, TargetProfile profile, DateTimeOffset now, FaultEffects effects)
    {
        var response = context.Response;
        if (effects.Down is not null)
        {
            _telemetry.Served(true, RequestOutcome.Unavailable);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("service unavailable\n", context.RequestAborted);
            return;
        }

        var format = ExpositionContentTypes.Negotiate(context.Request.Headers.Accept);
        response.ContentType = format == ExpositionFormat.OpenMetrics ? ExpositionContentTypes.OpenMetrics : ExpositionContentTypes.Prometheus;
        var oversize = effects.OversizeBytes > 0 && !effects.Garbage;
        using var body = new PooledBuffer(8192);
        _metrics.Render(profile, now, effects, format, body);
        var eof = format == ExpositionFormat.OpenMetrics && oversize;
        if (eof)
        {
            // Padding goes before OpenMetrics' closing "# EOF" line.
            body.Truncate(body.Length - EofLine.Length);
        }

        _telemetry.Served(true, effects.Garbage ? RequestOutcome.Garbage : oversize ? RequestOutcome.Oversize : RequestOutcome.Ok);
        var gzip = AcceptsGzip(context.Request);
        var ct = context.RequestAborted;
        if (!gzip && !oversize)
        {
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body.WrittenMemory, ct);
            return;
        }

        Stream output = response.Body;
        GZipStream? zip = null;
        if (gzip)
        {
            response.Headers.ContentEncoding = "gzip";
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            zip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            output = zip;
        }

        try
        {
            await output.WriteAsync(body.WrittenMemory, ct);
            if (oversize)
            {
                var end = eof ? EofLine.Length : 0;
                await MetricsRenderer.WritePaddingAsync(body.Length, effects.OversizeBytes - end, m => output.WriteAsync(m, ct));
                if (eof)
                {
                    await output.WriteAsync(EofLine, ct);
                }
            }
        }
        finally
        {
            if (zip is not null)
            {
                await zip.DisposeAsync();
            }
        }
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            if (value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
