using System.Net.Sockets;

namespace Supervision.Collector.Scraping;

/// <summary>
/// Scrapes one target in two steps: <see cref="FetchAsync"/> gets <c>/health</c> and <c>/metrics</c> at once,
/// under one timeout, each body streamed into a pooled array up to the size cap; <see cref="Process"/> then
/// parses the metrics straight into the scrape's points and classifies the target's status. A failure
/// becomes data (status and reason), never an exception.
/// </summary>
public sealed class TargetScraper(IHttpClientFactory httpClients, IOptions<CollectorOptions> options, TimeProvider time)
{
    /// <summary>Name of the HttpClient the scraper uses.</summary>
    public const string HttpClientName = "scrape";

    /// <summary>OpenMetrics first, then Prometheus text, as Prometheus itself negotiates.</summary>
    public const string AcceptHeader = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const int MetricsInitialBytes = 16 * 1024;
    private const int HealthInitialBytes = 4 * 1024;

    private readonly long _maxBody = options.Value.MaxBodyBytes;

    /// <summary>
    /// Header of each <c>/health</c> request holding the planned start (Unix ms) of the slot it scrapes: a target, or the
    /// simulator's request log, can tell two scrapes of one slot from a late one (shard takeover's witness).
    /// </summary>
    public const string SlotHeader = "X-Supervision-Scrape-Slot";

    /// <summary>
    /// Fetches <c>/health</c> and <c>/metrics</c> of <paramref name="prepared"/>'s target at once under its timeout;
    /// the bodies are kept in pooled arrays until the result is disposed. Never throws for a target's failure.
    /// <paramref name="slot"/>, the slot's planned start, goes with the <c>/health</c> request as <see cref="SlotHeader"/>.
    /// </summary>
    public async Task<FetchedScrape> FetchAsync(PreparedTarget prepared, CancellationToken cancellationToken, DateTimeOffset? slot = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var target = prepared.Target;
        var fetched = new FetchedScrape(time.GetTimestamp());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        var client = httpClients.CreateClient(HttpClientName);
        try
        {
            var healthTask = FetchOneAsync(client, prepared, prepared.HealthUrl, "application/json", HealthInitialBytes, timeout.Token, cancellationToken,
                slot?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            (fetched.Metrics, fetched.MetricsBody) = await FetchOneAsync(client, prepared, prepared.MetricsUrl, AcceptHeader, MetricsInitialBytes, timeout.Token, cancellationToken);
            (fetched.Health, fetched.HealthBody) = await healthTask;
            return fetched;
        }
        catch
        {
            fetched.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Interprets fetched bodies: parses the metrics straight into <paramref name="workspace"/>'s lines
    /// (stamped at <paramref name="scrapeTime"/>) and classifies the target's status. CPU only, no waiting.
    /// </summary>
    public ScrapeResult Process(Target target, DateTimeOffset scrapeTime, FetchedScrape fetched, ScrapeWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(fetched);
        ArgumentNullException.ThrowIfNull(workspace);
        var metrics = fetched.Metrics;
        var health = fetched.Health;
        workspace.Problems.Clear();
        workspace.Failure = null;
        workspace.TextLength = 0;
        workspace.Points.Reset(workspace.Lines, target, scrapeTime.ToUnixTimeMilliseconds());
        var samples = 0;
        ScrapeTotals totals = default;
        var status = TargetStatus.Up;
        var reason = StatusReason.None;
        string? detail = null;
        if (!metrics.Ok)
        {
            (status, reason, detail) = (TargetStatus.Down, metrics.Failure, "metrics: " + metrics.Detail);
        }
        else
        {
            var parsed = ParseMetrics(target, scrapeTime, workspace, fetched.MetricsBody.AsSpan(0, metrics.Length), metrics.ContentType);
            samples = workspace.Points.Samples;
            if (parsed is { } error)
            {
                (status, reason, detail) = (TargetStatus.Down, StatusReason.ParseError, "metrics: " + error);
            }
            else
            {
                totals = workspace.Points.Totals;
            }
        }

        HealthReport? report = null;
        if (health.Length > 0 && (health.Ok || health.Failure == StatusReason.HttpStatus) &&
            HealthReportParser.TryParse(fetched.HealthBody.AsSpan(0, health.Length), out var parsedReport, out _))
        {
            report = parsedReport;
        }

        var (healthStatus, healthReason, healthDetail) = ClassifyHealth(health, report);
        if (healthStatus > status)
        {
            (status, reason, detail) = (healthStatus, healthReason, healthDetail);
        }

        return new ScrapeResult(status, reason, detail, time.GetElapsedTime(fetched.Started), samples, report, totals);
    }

    private static string? ParseMetrics(Target target, DateTimeOffset scrapeTime, ScrapeWorkspace workspace, ReadOnlySpan<byte> bytes, string? contentType)
    {
        if (InfluxStatsText.Applies(contentType))
        {
            // The center's InfluxDB: its statistics document, read as the exposition text it stands for.
            if (!InfluxStatsText.TryConvert(bytes, out var converted, out var jsonError))
            {
                return jsonError;
            }

            bytes = converted;
            contentType = null;
        }

        var charCount = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (workspace.Text.Length < charCount)
        {
            workspace.Text = new char[Math.Max(charCount, workspace.Text.Length * 2)];
        }

        var chars = Encoding.UTF8.GetChars(bytes, workspace.Text);
        var text = workspace.Text.AsSpan(0, chars);
        workspace.TextLength = chars;
        var format = contentType is null
            ? ExpositionFormatDetector.FromContent(text)
            : ExpositionFormatDetector.FromContentType(contentType);
        var mark = workspace.Lines.Mark();
        workspace.Points.Reset(workspace.Lines, target, scrapeTime.ToUnixTimeMilliseconds());
        var error = workspace.Parser.Parse(text, format, workspace.Points, workspace.Problems);

        // Invalid UTF-8 is stored as U+FFFD (as Prometheus does) but reported; the vectorised check costs little.
        if (ExpositionText.FirstInvalid(bytes) is var invalid && invalid >= 0)
        {
            workspace.Problems.RecordLine(ExpositionRule.Utf8, text, bytes[..invalid].Count((byte)'\n') + 1);
        }

        if (error is null)
        {
            workspace.Points.Finish();
            return null;
        }

        workspace.Failure = error;
        // Half a body is worse than none: drop what this scrape wrote and report where it broke.
        workspace.Lines.Rollback(mark);
        return error.Value.ToString();
    }

    private static (TargetStatus, StatusReason, string?) ClassifyHealth(FetchOutcome health, HealthReport? report)
    {
        if (report is not null && report.Status != HealthStatus.Healthy)
        {
            var failing = new StringBuilder();
            foreach (var entry in report.Entries)
            {
                if (entry.Status != HealthStatus.Healthy)
                {
                    failing.Append(failing.Length == 0 ? string.Empty : ", ").Append(entry.Name).Append(' ').Append(entry.Status);
                }
            }

            var detail = "health: " + report.Status + (failing.Length > 0 ? " (" + failing + ")" : string.Empty);
            return report.Status == HealthStatus.Unhealthy
                ? (TargetStatus.Down, StatusReason.UnhealthyEntry, detail)
                : (TargetStatus.Degraded, StatusReason.UnhealthyEntry, detail);
        }

        if (!health.Ok && report is null)
        {
            return (TargetStatus.Down, health.Failure, "health: " + health.Detail);
        }

        return (TargetStatus.Up, StatusReason.None, null);
    }

    private async Task<(FetchOutcome Outcome, byte[]? Body)> FetchOneAsync(
        HttpClient client, PreparedTarget prepared, Uri url, string accept, int initialBytes, CancellationToken timeoutToken, CancellationToken stopToken, string? slot = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (slot is not null)
        {
            request.Headers.TryAddWithoutValidation(SlotHeader, slot);
        }

        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", prepared.TimeoutSeconds);
        if (prepared.Authorization is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        byte[]? body = null;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken);
            var status = (int)response.StatusCode;
            if (response.Content.Headers.ContentLength > _maxBody)
            {
                // Declared too large: refused before reading a byte of it.
                return (new FetchOutcome(StatusReason.Oversize, $"body of {response.Content.Headers.ContentLength} bytes larger than {_maxBody}", status, 0, null), null);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeoutToken);
            var hinted = response.Content.Headers.ContentLength is long declared && declared < _maxBody ? (int)declared + 1 : initialBytes;
            body = ArrayPool<byte>.Shared.Rent(Math.Max(hinted, 256));

            // Read inline, growing by renting, so `body` always names the one array this request holds.
            var length = 0;
            var oversize = false;
            while (!oversize)
            {
                if (length == body.Length)
                {
                    if (body.Length > _maxBody)
                    {
                        oversize = true;
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_maxBody + 1, (long)body.Length * 2));
                    body.AsSpan(0, length).CopyTo(larger);
                    (body, larger) = (larger, body);
                    ArrayPool<byte>.Shared.Return(larger);
                }

                var read = await stream.ReadAsync(body.AsMemory(length), timeoutToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                oversize = length > _maxBody;
            }

            if (oversize)
            {
                ArrayPool<byte>.Shared.Return(body);
                return (new FetchOutcome(StatusReason.Oversize, $"body larger than {_maxBody} bytes", status, 0, null), null);
            }

            // The raw header: parsing it into a MediaTypeHeaderValue and printing it back costs allocations per request.
            var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
            return response.IsSuccessStatusCode
                ? (new FetchOutcome(StatusReason.None, null, status, length, contentType), body)
                : (new FetchOutcome(StatusReason.HttpStatus, $"HTTP {status}", status, length, contentType), body);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            if (ex is OperationCanceledException && stopToken.IsCancellationRequested)
            {
                throw;
            }

            return (Failure(ex, prepared.Target), null);
        }
    }

    private static FetchOutcome Failure(Exception ex, Target target) => ex switch
    {
        OperationCanceledException => new FetchOutcome(StatusReason.Timeout, $"no answer within {target.Timeout.TotalSeconds:0.###} s", 0, 0, null),

        // No HTTP status was read, so the connection failed (refused, reset, closed before or during the answer):
        // refused, whatever HttpRequestError .NET chose. The detail names the socket error or the HTTP client's
        // category, not .NET's "An error occurred while sending the request".
        HttpRequestException http => new FetchOutcome(http.StatusCode is null ? StatusReason.Refused : StatusReason.HttpStatus, ConnectionDetail(http), 0, 0, null),

        // The peer closed the connection mid-body: as good as refused.
        _ => new FetchOutcome(StatusReason.Refused, ex.Message, 0, 0, null),
    };

    private static string ConnectionDetail(HttpRequestException http)
    {
        for (Exception? inner = http; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return $"{socket.SocketErrorCode}: {socket.Message}";
            }
        }

        var innermost = http.GetBaseException();
        return http.HttpRequestError == HttpRequestError.Unknown || ReferenceEquals(innermost, http)
            ? http.Message
            : $"{http.HttpRequestError}: {innermost.Message}";
    }
}
