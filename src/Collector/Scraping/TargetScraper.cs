using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;
using Supervision.Collector.Parsing;
using Supervision.Collector.Storage;
using Supervision.Core.Domain;

namespace Supervision.Collector.Scraping;

/// <summary>
/// Scrapes one target: <c>/health</c> and <c>/metrics</c> at once, under one timeout, each body streamed
/// into a reused buffer up to the size cap; parses the metrics straight into the scrape's points and
/// classifies the target's status. A failure becomes data (status and reason), never an exception.
/// </summary>
public sealed class TargetScraper(IHttpClientFactory httpClients, IOptions<CollectorOptions> options, TimeProvider time)
{
    /// <summary>Name of the HttpClient the scraper uses.</summary>
    public const string HttpClientName = "scrape";

    /// <summary>OpenMetrics first, then Prometheus text, as Prometheus itself negotiates.</summary>
    public const string AcceptHeader = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private readonly long _maxBody = options.Value.MaxBodyBytes;

    /// <summary>Scrapes <paramref name="target"/>; the samples land in <paramref name="workspace"/>'s lines.</summary>
    public async Task<ScrapeResult> ScrapeAsync(Target target, DateTimeOffset scrapeTime, ScrapeWorkspace workspace, SamplePointWriter points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(points);
        var started = time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        var client = httpClients.CreateClient(HttpClientName);

        var healthTask = FetchAsync(client, target, target.HealthUrl, "application/json", isMetrics: false, workspace, timeout.Token, cancellationToken);
        var metrics = await FetchAsync(client, target, target.MetricsUrl, AcceptHeader, isMetrics: true, workspace, timeout.Token, cancellationToken);
        var health = await healthTask;

        var samples = 0;
        var status = TargetStatus.Up;
        var reason = StatusReason.None;
        string? detail = null;
        if (!metrics.Ok)
        {
            (status, reason, detail) = (TargetStatus.Down, metrics.Failure, "metrics: " + metrics.Detail);
        }
        else
        {
            var parsed = ParseMetrics(target, scrapeTime, workspace, points, metrics);
            samples = points.Samples;
            if (parsed is { } error)
            {
                (status, reason, detail) = (TargetStatus.Down, StatusReason.ParseError, "metrics: " + error);
            }
        }

        HealthReport? report = null;
        if (health.Length > 0 && (health.Ok || health.Failure == StatusReason.HttpStatus) &&
            HealthReportParser.TryParse(workspace.HealthBytes.AsSpan(0, health.Length), out var parsedReport, out _))
        {
            report = parsedReport;
        }

        var (healthStatus, healthReason, healthDetail) = ClassifyHealth(health, report);
        if (healthStatus > status)
        {
            (status, reason, detail) = (healthStatus, healthReason, healthDetail);
        }

        return new ScrapeResult(status, reason, detail, time.GetElapsedTime(started), samples, report);
    }

    private static string? ParseMetrics(Target target, DateTimeOffset scrapeTime, ScrapeWorkspace workspace, SamplePointWriter points, FetchOutcome metrics)
    {
        var bytes = workspace.MetricsBytes.AsSpan(0, metrics.Length);
        var charCount = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (workspace.Text.Length < charCount)
        {
            workspace.Text = new char[Math.Max(charCount, workspace.Text.Length * 2)];
        }

        var chars = Encoding.UTF8.GetChars(bytes, workspace.Text);
        var text = workspace.Text.AsSpan(0, chars);
        var format = metrics.ContentType is null
            ? ExpositionFormatDetector.FromContent(text)
            : ExpositionFormatDetector.FromContentType(metrics.ContentType);
        var mark = workspace.Lines.Mark();
        points.Reset(workspace.Lines, target, scrapeTime.ToUnixTimeMilliseconds());
        var error = workspace.Parser.Parse(text, format, points);
        if (error is null)
        {
            return null;
        }

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

    private async Task<FetchOutcome> FetchAsync(
        HttpClient client, Target target, Uri url, string accept, bool isMetrics, ScrapeWorkspace workspace,
        CancellationToken timeoutToken, CancellationToken stopToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", target.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        if (target.Auth is { } auth)
        {
            request.Headers.Authorization = auth.BearerToken is not null
                ? new AuthenticationHeaderValue("Bearer", auth.BearerToken)
                : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{auth.Password}")));
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken);
            var status = (int)response.StatusCode;
            await using var stream = await response.Content.ReadAsStreamAsync(timeoutToken);
            var (length, oversize) = await ReadCappedAsync(stream, isMetrics, workspace, timeoutToken);
            if (oversize)
            {
                return new FetchOutcome(StatusReason.Oversize, $"body larger than {_maxBody} bytes", status, 0, null);
            }

            var contentType = response.Content.Headers.ContentType?.ToString();
            return response.IsSuccessStatusCode
                ? new FetchOutcome(StatusReason.None, null, status, length, contentType)
                : new FetchOutcome(StatusReason.HttpStatus, $"HTTP {status}", status, length, contentType);
        }
        catch (OperationCanceledException) when (!stopToken.IsCancellationRequested)
        {
            return new FetchOutcome(StatusReason.Timeout, $"no answer within {target.Timeout.TotalSeconds:0.###} s", 0, 0, null);
        }
        catch (HttpRequestException ex)
        {
            var refused = ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset } ||
                ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded;
            return new FetchOutcome(refused ? StatusReason.Refused : StatusReason.HttpStatus, ex.Message, 0, 0, null);
        }
        catch (IOException ex)
        {
            // The peer closed the connection mid-body: as good as refused.
            return new FetchOutcome(StatusReason.Refused, ex.Message, 0, 0, null);
        }
    }

    private async Task<(int Length, bool Oversize)> ReadCappedAsync(Stream stream, bool isMetrics, ScrapeWorkspace workspace, CancellationToken token)
    {
        var buffer = isMetrics ? workspace.MetricsBytes : workspace.HealthBytes;
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= _maxBody)
                {
                    return (0, true);
                }

                Array.Resize(ref buffer, (int)Math.Min(_maxBody + 1, (long)buffer.Length * 2));
                if (isMetrics)
                {
                    workspace.MetricsBytes = buffer;
                }
                else
                {
                    workspace.HealthBytes = buffer;
                }
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), token);
            if (read == 0)
            {
                return length > _maxBody ? (0, true) : (length, false);
            }

            length += read;
            if (length > _maxBody)
            {
                return (0, true);
            }
        }
    }
}
