using System.IO.Compression;
using System.Net.Http.Headers;

namespace Supervision.Collector.Push;

/// <summary>The push endpoints' dialects: each answers errors the way its clients expect.</summary>
public enum PushDialect
{
    /// <summary>InfluxDB 1.x <c>/write</c>: <c>{"error": "…"}</c>.</summary>
    InfluxV1,

    /// <summary>InfluxDB 2.x <c>/api/v2/write</c>: <c>{"code": "…", "message": "…"}</c>.</summary>
    InfluxV2,

    /// <summary>Prometheus remote_write <c>/api/v1/write</c>: plain text.</summary>
    RemoteWrite,

    /// <summary>The center's own heartbeat: <c>{"error": "…"}</c>.</summary>
    Heartbeat,
}

/// <summary>
/// The push intake (docs/push-intake.md): authenticates the request by its unit's credentials, finds the push target,
/// reads the body within the limits, turns it into the center's points (tags from the credentials, never from the
/// body) and hands them to the collector's <see cref="WritePipeline"/>, the scrapes' own path to InfluxDB with its disk
/// buffer. Every refusal is a 4xx naming the reason or the limit; nothing is dropped without an answer saying so.
/// </summary>
public sealed partial class PushIntake(
    PushRegistry registry, PushLimits limits, PushTargetMonitor monitor, WritePipeline writer, StorePolicy store, CollectorMetrics metrics,
    IOptions<CollectorOptions> options, TimeProvider time, ILogger<PushIntake> logger)
{
    private readonly PushOptions _options = options.Value.Push;
    private readonly int _batchPoints = options.Value.Write.BatchPoints;
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    /// <summary>Maps the intake's routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/write", (HttpContext context, PushIntake intake) => intake.LineProtocolAsync(context, PushDialect.InfluxV1));
        app.MapPost("/api/v2/write", (HttpContext context, PushIntake intake) => intake.LineProtocolAsync(context, PushDialect.InfluxV2));
        app.MapPost("/api/v1/write", (HttpContext context, PushIntake intake) => intake.RemoteWriteAsync(context));
        app.MapPost("/push/{unit}/{system}/heartbeat", (HttpContext context, string unit, string system, PushIntake intake) => intake.HeartbeatAsync(context, unit, system));

        // InfluxDB clients (Telegraf among them) check a server with /ping.
        app.MapMethods("/ping", ["GET", "HEAD"], (HttpContext context) =>
        {
            context.Response.Headers["X-Influxdb-Version"] = "1.8-supervision";
            return Results.NoContent();
        });
    }

    /// <summary><c>POST /write</c> and <c>POST /api/v2/write</c>: InfluxDB line protocol.</summary>
    public async Task<IResult> LineProtocolAsync(HttpContext context, PushDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var system = FirstOf(query["system"], dialect == PushDialect.InfluxV1 ? query["db"] : query["bucket"]);
        var (state, unit, refusal) = Admit(context, dialect, system);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!LineProtocolReader.TryPrecision(query["precision"].ToString(), out var nanosPerUnit))
        {
            return Fail(dialect, StatusCodes.Status400BadRequest, $"precision '{query["precision"]}' is not one of ns, us, ms, s (2.x) or n, u, ms, s, m, h (1.x)");
        }

        var work = Take();
        try
        {
            var (length, bodyRefusal) = await ReadBodyAsync(context.Request, dialect, work, allowGzip: true);
            if (bodyRefusal is not null)
            {
                return bodyRefusal;
            }

            var points = work.Points;
            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (!LineProtocolIntake.Parse(work.Body.AsSpan(0, length), state!.CenterTags, nanosPerUnit, nowMs, _options.MaxPointsPerRequest, points))
            {
                return TooManyPoints(dialect);
            }

            return Store(dialect, unit!, state, points);
        }
        finally
        {
            Return(work);
        }
    }

    /// <summary><c>POST /api/v1/write</c>: Prometheus remote_write 1.0 (protobuf, snappy).</summary>
    public async Task<IResult> RemoteWriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        const PushDialect dialect = PushDialect.RemoteWrite;
        var (state, unit, refusal) = Admit(context, dialect, context.Request.Query["system"].ToString());
        if (refusal is not null)
        {
            return refusal;
        }

        if (context.Request.ContentType is { } type && type.Contains("io.prometheus.write.v2", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(dialect, StatusCodes.Status415UnsupportedMediaType, "remote_write 2.0 (io.prometheus.write.v2.Request) is not supported; send 1.0 (prometheus.WriteRequest)");
        }

        var work = Take();
        try
        {
            var (length, bodyRefusal) = await ReadBodyAsync(context.Request, dialect, work, allowGzip: false);
            if (bodyRefusal is not null)
            {
                return bodyRefusal;
            }

            int size;
            try
            {
                size = Snappier.Snappy.GetUncompressedLength(work.Body.AsSpan(0, length));
                if (size > _options.MaxBodyBytes)
                {
                    return Fail(dialect, StatusCodes.Status413PayloadTooLarge, $"body larger than Collector:Push:MaxBodyBytes ({_options.MaxBodyBytes} bytes) once snappy is undone ({size} bytes)");
                }

                work.EnsureDecoded(size);
                size = Snappier.Snappy.Decompress(work.Body.AsSpan(0, length), work.Decoded);
            }
            catch (InvalidDataException ex)
            {
                return Fail(dialect, StatusCodes.Status400BadRequest, $"body is not snappy-compressed (block format): {ex.Message}");
            }

            var points = work.Points;
            if (!work.Decoder(store).Decode(work.Decoded.AsSpan(0, size), state!.Target, _options.MaxPointsPerRequest, points, out var error))
            {
                return error is null
                    ? TooManyPoints(dialect)
                    : Fail(dialect, StatusCodes.Status400BadRequest, $"body is not a remote_write WriteRequest: {error}; nothing stored");
            }

            return Store(dialect, unit!, state, points);
        }
        finally
        {
            Return(work);
        }
    }

    /// <summary><c>POST /push/{unit}/{system}/heartbeat</c>: a status and, optionally, a health report.</summary>
    public async Task<IResult> HeartbeatAsync(HttpContext context, string unit, string system)
    {
        ArgumentNullException.ThrowIfNull(context);
        const PushDialect dialect = PushDialect.Heartbeat;
        var (state, caller, refusal) = Admit(context, dialect, system, unit);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!limits.TryTake(caller!, 1, out var retryAfter))
        {
            return RateLimited(dialect, caller!, retryAfter);
        }

        var work = Take();
        DeclaredStatus declared;
        try
        {
            var (length, bodyRefusal) = await ReadBodyAsync(context.Request, dialect, work, allowGzip: true);
            if (bodyRefusal is not null)
            {
                return bodyRefusal;
            }

            if (!HeartbeatBody.TryParse(work.Body.AsSpan(0, length), out declared!, out var error))
            {
                return Fail(dialect, StatusCodes.Status400BadRequest, $"heartbeat body: {error}");
            }
        }
        finally
        {
            Return(work);
        }

        state!.Declared = declared;
        state.Pushed(time.GetUtcNow(), 0);
        monitor.Evaluate(state);
        return Done(dialect, StatusCodes.Status204NoContent);
    }

    private (PushTargetState? State, string? Unit, IResult? Refusal) Admit(HttpContext context, PushDialect dialect, string? system, string? pathUnit = null)
    {
        var presented = Credentials(context.Request);
        var unit = presented is { } p ? registry.Authenticate(p) : null;
        if (unit is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"supervision push\", Bearer";
            return (null, null, Fail(dialect, StatusCodes.Status401Unauthorized,
                presented is null ? "authorization failed: no credentials (Authorization: Token/Bearer/Basic, or u and p)" : "authorization failed: unknown token or user name and password"));
        }

        if (pathUnit is not null && !string.Equals(pathUnit, unit, StringComparison.Ordinal))
        {
            return (null, unit, Fail(dialect, StatusCodes.Status403Forbidden, $"the credentials are unit {unit}'s: they cannot write as unit {pathUnit}"));
        }

        var state = registry.Resolve(unit, system, out var status, out var error);
        return state is null ? (null, unit, Fail(dialect, status, error)) : (state, unit, null);
    }

    private IResult Store(PushDialect dialect, string unit, PushTargetState state, PushedPoints points)
    {
        if (points.Count > 0 && !limits.TryTake(unit, points.Count, out var retryAfter))
        {
            return RateLimited(dialect, unit, retryAfter);
        }

        var refused = points.Count <= 4096 ? stackalloc bool[points.Count] : new bool[points.Count];
        var overSeries = limits.AdmitSeries(unit, points, refused);
        if (overSeries > 0)
        {
            for (var i = 0; i < points.Count; i++)
            {
                if (refused[i])
                {
                    points.Reject($"{(dialect == PushDialect.RemoteWrite ? "sample" : "line")} {points[i].Line}: new series refused, unit {unit} has reached Collector:Push:MaxSeriesPerUnit ({_options.MaxSeriesPerUnit} series)");
                }
            }

            metrics.PushRefused.WithLabels("series-limit").Inc(overSeries);
        }

        var kept = Append(points, refused);
        metrics.PushPoints.Inc(kept);
        metrics.PushSkipped.Inc(points.Skipped);
        if (points.Rejected > overSeries)
        {
            metrics.PushRefused.WithLabels("invalid").Inc(points.Rejected - overSeries);
        }

        if (kept > 0)
        {
            state.Pushed(time.GetUtcNow(), kept);
            monitor.Evaluate(state);
        }

        if (points.Rejected == 0)
        {
            return Done(dialect, StatusCodes.Status204NoContent);
        }

        // InfluxDB's partial write: the good lines are stored, the answer names the bad ones; clients do not resend it.
        var message = $"partial write: {points.Rejected} of {points.Rejected - overSeries + points.Count} {(dialect == PushDialect.RemoteWrite ? "samples" : "lines")} rejected, {kept} stored: {points.DescribeErrors()} dropped={points.Rejected}";
        return Fail(dialect, StatusCodes.Status400BadRequest, message);
    }

    /// <summary>Hands the kept points to the pipeline in batch-sized runs of contiguous lines.</summary>
    private int Append(PushedPoints points, ReadOnlySpan<bool> refused)
    {
        var body = points.Lines.WrittenMemory.Span;
        var kept = 0;
        var runStart = -1;
        var runEnd = 0;
        var runPoints = 0;
        for (var i = 0; i < points.Count; i++)
        {
            if (refused[i])
            {
                continue;
            }

            ref readonly var span = ref points[i];
            if (runStart >= 0 && (span.Start != runEnd || runPoints == _batchPoints))
            {
                writer.AppendLines(body[runStart..runEnd], runPoints);
                runStart = -1;
            }

            if (runStart < 0)
            {
                (runStart, runPoints) = (span.Start, 0);
            }

            runEnd = span.End;
            runPoints++;
            kept++;
        }

        if (runStart >= 0)
        {
            writer.AppendLines(body[runStart..runEnd], runPoints);
        }

        return kept;
    }

    private async Task<(int Length, IResult? Refusal)> ReadBodyAsync(HttpRequest request, PushDialect dialect, Workspace work, bool allowGzip)
    {
        var limit = _options.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return (0, TooLarge(dialect, $"{request.ContentLength} bytes"));
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase)
            && !(dialect == PushDialect.RemoteWrite && string.Equals(encoding, "snappy", StringComparison.OrdinalIgnoreCase)))
        {
            return (0, Fail(dialect, StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; use gzip or none"));
        }

        if (gzip && !allowGzip)
        {
            return (0, Fail(dialect, StatusCodes.Status415UnsupportedMediaType, "remote_write bodies are snappy-compressed, not gzip"));
        }

        work.EnsureBody(request.ContentLength is > 0 and var n ? (int)n + 1 : 64 * 1024);
        var length = 0;
        try
        {
            await using var body = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
            var source = body ?? request.Body;
            while (true)
            {
                if (length == work.Body.Length)
                {
                    work.EnsureBody(Math.Min(limit + 1, work.Body.Length * 2), length);
                }

                var read = await source.ReadAsync(work.Body.AsMemory(length, Math.Min(work.Body.Length, limit + 1) - length), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return (0, TooLarge(dialect, gzip ? "once gzip is undone" : "as sent"));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            return (0, Fail(dialect, StatusCodes.Status400BadRequest, $"body is not valid gzip: {ex.Message}"));
        }

        return (length, null);
    }

    private IResult TooLarge(PushDialect dialect, string how) =>
        Fail(dialect, StatusCodes.Status413PayloadTooLarge, $"body larger than Collector:Push:MaxBodyBytes ({_options.MaxBodyBytes} bytes) {how}; nothing stored, send smaller batches");

    private IResult TooManyPoints(PushDialect dialect) =>
        Fail(dialect, StatusCodes.Status413PayloadTooLarge, $"more than Collector:Push:MaxPointsPerRequest ({_options.MaxPointsPerRequest}) points in one request; nothing stored, send smaller batches");

    private WithHeader RateLimited(PushDialect dialect, string unit, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)retryAfter.TotalSeconds);
        return new WithHeader(Fail(dialect, StatusCodes.Status429TooManyRequests,
            $"unit {unit} is over Collector:Push:PointsPerSecond ({_options.PointsPerSecond}/s, burst {_options.Burst}); nothing stored, retry after {seconds} s"), "Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private IResult Done(PushDialect dialect, int status)
    {
        metrics.PushRequests.WithLabels(EndpointName(dialect), "204").Inc();
        return Results.StatusCode(status);
    }

    private IResult Fail(PushDialect dialect, int status, string message)
    {
        metrics.PushRequests.WithLabels(EndpointName(dialect), status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        if (status != StatusCodes.Status401Unauthorized)
        {
            LogRefused(logger, EndpointName(dialect), status, message);
        }

        return dialect switch
        {
            PushDialect.InfluxV2 => Results.Json(new InfluxV2Error(V2Code(status), message), statusCode: status),
            PushDialect.RemoteWrite => Results.Text(message + "\n", "text/plain; charset=utf-8", Encoding.UTF8, status),
            _ => new WithHeader(Results.Json(new InfluxV1Error(message), statusCode: status), "X-Influxdb-Error", message.Length > 200 ? message[..200] : message),
        };
    }

    private static string V2Code(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not found",
        StatusCodes.Status413PayloadTooLarge => "request too large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported media type",
        StatusCodes.Status429TooManyRequests => "too many requests",
        _ => "invalid",
    };

    private static string EndpointName(PushDialect dialect) => dialect switch
    {
        PushDialect.InfluxV1 => "influx-v1",
        PushDialect.InfluxV2 => "influx-v2",
        PushDialect.RemoteWrite => "remote-write",
        _ => "heartbeat",
    };

    private static string? FirstOf(string? a, string? b) => !string.IsNullOrEmpty(a) ? a : b;

    /// <summary>The credentials a request presents: Authorization Token/Bearer/Basic, or InfluxDB 1.x's u and p.</summary>
    internal static PushCredentialsPresented? Credentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0 && AuthenticationHeaderValue.TryParse(header, out var parsed) && parsed.Parameter is { Length: > 0 } value)
        {
            if (parsed.Scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) || parsed.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return new PushCredentialsPresented(value, null, null);
            }

            if (parsed.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var pair = Encoding.UTF8.GetString(Convert.FromBase64String(value));
                    var colon = pair.IndexOf(':', StringComparison.Ordinal);
                    return colon < 0 ? null : new PushCredentialsPresented(null, pair[..colon], pair[(colon + 1)..]);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        var user = request.Query["u"].ToString();
        var password = request.Query["p"].ToString();
        return user.Length > 0 && password.Length > 0 ? new PushCredentialsPresented(null, user, password) : null;
    }

    private Workspace Take()
    {
        if (!_workspaces.TryTake(out var work))
        {
            work = new Workspace();
        }

        work.Points.Clear();
        return work;
    }

    private void Return(Workspace work)
    {
        // A request with a huge body leaves its buffers to the GC instead of keeping them pooled.
        if (work.Body.Length <= 1024 * 1024 && work.Decoded.Length <= 4 * 1024 * 1024 && work.Points.Lines.Length <= 4 * 1024 * 1024)
        {
            _workspaces.Add(work);
        }
        else
        {
            work.Dispose();
        }
    }

    [LoggerMessage(EventId = 1802, Level = LogLevel.Debug, Message = "Push to {Endpoint} refused with {Status}: {Message}")]
    private static partial void LogRefused(ILogger logger, string endpoint, int status, string message);

    private sealed record InfluxV1Error(string Error);

    private sealed record InfluxV2Error(string Code, string Message);

    /// <summary>A result with one extra response header.</summary>
    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>One request's buffers, pooled.</summary>
    private sealed class Workspace : IDisposable
    {
        private RemoteWriteDecoder? _decoder;

        public byte[] Body { get; private set; } = new byte[64 * 1024];

        public byte[] Decoded { get; private set; } = [];

        public PushedPoints Points { get; } = new();

        public RemoteWriteDecoder Decoder(StorePolicy policy) => _decoder ??= new RemoteWriteDecoder(policy);

        public void EnsureBody(int size, int keep = 0)
        {
            if (Body.Length >= size)
            {
                return;
            }

            var bigger = new byte[size];
            Body.AsSpan(0, keep).CopyTo(bigger);
            Body = bigger;
        }

        public void EnsureDecoded(int size)
        {
            if (Decoded.Length < size)
            {
                Decoded = new byte[size];
            }
        }

        public void Dispose() => Points.Dispose();
    }
}
