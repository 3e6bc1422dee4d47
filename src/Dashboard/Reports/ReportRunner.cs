namespace Supervision.Dashboard.Reports;

/// <summary>
/// Makes the reports that are due: for each one not yet sent, under its lease, print it (unless already archived),
/// archive it, mail it, and record each step in the archive's index. A failed step is recorded with its error and
/// tried again after a bounded back-off (doubling from <see cref="ReportOptions.RetryAfter"/> up to
/// <see cref="ReportOptions.RetryAtMost"/>), counted in the metrics and logged; after
/// <see cref="ReportOptions.MaxAttempts"/> the report is marked given up, still listed, until an admin retries it.
/// A report marked sent is never sent again, so a restart or a second Dashboard does not send it twice.
/// </summary>
public sealed class ReportRunner : IDisposable
{
    private readonly ReportOptions _options;
    private readonly ReportSchedule _schedule;
    private readonly ReportArchive _archive;
    private readonly ReportRenderer _renderer;
    private readonly ChromiumPrinter _printer;
    private readonly ReportMailer _mailer;
    private readonly IReportLease _lease;
    private readonly ReportMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly string _node;
    private readonly ILogger<ReportRunner> _logger;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Creates the runner.</summary>
    public ReportRunner(
        IOptions<ReportOptions> options,
        ReportSchedule schedule,
        ReportArchive archive,
        ReportRenderer renderer,
        IReportLease lease,
        ReportMetrics metrics,
        TimeProvider time,
        IOptions<Cluster.DashboardClusterOptions> cluster,
        ILogger<ReportRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        _options = options.Value;
        _schedule = schedule;
        _archive = archive;
        _renderer = renderer;
        _printer = new ChromiumPrinter(_options.ChromiumPath, _options.RenderTimeout, time);
        _mailer = new ReportMailer(_options, time);
        _lease = lease;
        _metrics = metrics;
        _time = time;
        _node = cluster.Value.EffectiveNodeName;
        _logger = logger;
    }

    /// <inheritdoc />
    public void Dispose() => _one.Dispose();

    /// <summary>The schedule (for the page's "next report" line).</summary>
    public ReportSchedule Schedule => _schedule;

    /// <summary>Makes every report due now; returns how many were sent in this run.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return 0;
        }

        await _one.WaitAsync(cancellationToken);
        try
        {
            var sent = 0;
            var now = _time.GetUtcNow();
            IReadOnlyList<ReportDue> due;
            try
            {
                due = _schedule.Due(now, _archive.Since(now));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                _metrics.Failures.WithLabels("archive").Inc();
                ReportLog.ArchiveFailed(_logger, _archive.Folder, ex);
                return 0;
            }

            foreach (var report in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await RunOneAsync(report, now, cancellationToken))
                {
                    sent++;
                }
            }

            _metrics.Count(_archive.List());
            return sent;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>
    /// An admin's retry of a failed or given-up report: its attempts start again and it runs at once. False when
    /// there is no such report or it was sent.
    /// </summary>
    public async Task<bool> RetryAsync(string id, string user, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            if (!ReportArchive.IsId(id) || _archive.Find(id) is not { Status: ReportStatus.Failed or ReportStatus.GaveUp } record)
            {
                return false;
            }

            _archive.Save(record with { Status = ReportStatus.Failed, Attempts = 0, NextAttemptAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow() });
            ReportLog.RetryAsked(_logger, id, user);
        }
        finally
        {
            _one.Release();
        }

        await RunDueAsync(cancellationToken);
        return true;
    }

    private static bool Waiting(ReportRecord? record, DateTimeOffset now) =>
        record is { Status: ReportStatus.Sent or ReportStatus.GaveUp } || record?.NextAttemptAt > now;

    private async Task<bool> RunOneAsync(ReportDue due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ReportRecord? record;
        try
        {
            record = _archive.Find(due.Id);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _metrics.Failures.WithLabels("archive").Inc();
            ReportLog.ArchiveFailed(_logger, _archive.Folder, ex);
            return false;
        }

        if (Waiting(record, now))
        {
            return false;
        }

        IAsyncDisposable? lease;
        try
        {
            lease = await _lease.TryAcquireAsync(due.Id, cancellationToken);
        }
        catch (RedisException ex)
        {
            _metrics.Failures.WithLabels("lease").Inc();
            ReportLog.LeaseUnavailable(_logger, ex.Message);
            return false;
        }

        if (lease is null)
        {
            return false; // another Dashboard is on it
        }

        await using (lease)
        {
            // Read again under the lease: the other node may have finished it since.
            record = _archive.Find(due.Id);
            if (Waiting(record, now))
            {
                return false;
            }

            return await MakeAsync(due, record, now, cancellationToken);
        }
    }

    private async Task<bool> MakeAsync(ReportDue due, ReportRecord? record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Keys as configured may be in any case ("National"); the schedule's scopes are lower case.
        var recipients = _options.Recipients.Where(p => string.Equals(p.Key, due.Scope, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value).Where(a => !string.IsNullOrWhiteSpace(a)).ToArray();
        var pdfPath = _archive.PdfPath(due.Id);
        byte[] pdf;
        if (record is { Status: ReportStatus.Rendered } or { Status: ReportStatus.Failed, FailedStep: "send" } && File.Exists(pdfPath))
        {
            // Printed before and only the mail failed: send what was archived, the same file the leaders can download.
            pdf = await File.ReadAllBytesAsync(pdfPath, cancellationToken);
        }
        else
        {
            var clock = Stopwatch.StartNew();
            string title;
            try
            {
                var figures = await _renderer.FiguresAsync(due, cancellationToken);
                title = ReportRenderer.Title(due.Kind, due.Window, figures.Sheet.Title);
                pdf = await _printer.PrintAsync(await _renderer.HtmlAsync(due.Id, title, figures), cancellationToken);
                _archive.SavePdf(due.Id, pdf);
            }
            catch (Exception ex) when (ex is InfluxException or ReportRenderException or SummaryRequestException or IOException or UnauthorizedAccessException or HttpRequestException
                || (ex is InvalidOperationException && ex.Message.StartsWith("no InfluxDB", StringComparison.Ordinal)))
            {
                Fail(due, record, now, "render", ex.Message);
                return false;
            }

            var seconds = clock.Elapsed.TotalSeconds;
            _metrics.RenderSeconds.Observe(seconds);
            record = New(due, title, recipients.Length, now) with
            {
                Status = ReportStatus.Rendered,
                Attempts = record?.Attempts ?? 0,
                RenderedAt = _time.GetUtcNow(),
                RenderSeconds = seconds,
                PdfBytes = pdf.LongLength,
            };
            _archive.Save(record);
        }

        var result = await _mailer.SendAsync(record, pdf, recipients, cancellationToken);
        if (!result.Sent)
        {
            Fail(due, record, now, "send", result.Error ?? "not accepted");
            return false;
        }

        var done = _time.GetUtcNow();
        _archive.Save(record with
        {
            Status = ReportStatus.Sent,
            NextAttemptAt = null,
            FailedStep = null,
            LastError = null,
            SentAt = done,
            SentBy = _node,
            Recipients = recipients.Length,
            UpdatedAt = done,
        });
        _metrics.Sent.WithLabels(due.Kind.ToString().ToLowerInvariant()).Inc();
        ReportLog.Sent(_logger, due.Id, recipients.Length, pdf.LongLength, record.RenderSeconds ?? 0);
        return true;
    }

    private void Fail(ReportDue due, ReportRecord? record, DateTimeOffset now, string step, string error)
    {
        var attempts = (record?.Attempts ?? 0) + 1;
        var gaveUp = attempts >= _options.MaxAttempts;
        // Doubling from RetryAfter, capped: 1, 2, 4 … 60 min with the defaults.
        var wait = TimeSpan.FromTicks((long)Math.Min(_options.RetryAtMost.Ticks, _options.RetryAfter.Ticks * Math.Pow(2, Math.Min(attempts - 1, 30))));
        var next = now + wait;
        var baseRecord = record ?? New(due, ReportRenderer.Title(due.Kind, due.Window, _renderer.ScopeName(due.Scope)), 0, now);
        _archive.Save(baseRecord with
        {
            Status = gaveUp ? ReportStatus.GaveUp : ReportStatus.Failed,
            Attempts = attempts,
            NextAttemptAt = gaveUp ? null : next,
            FailedStep = step,
            LastError = error,
            UpdatedAt = _time.GetUtcNow(),
        });
        _metrics.Failures.WithLabels(step).Inc();
        if (gaveUp)
        {
            ReportLog.GaveUp(_logger, due.Id, step, attempts, error);
        }
        else
        {
            ReportLog.Failed(_logger, due.Id, step, attempts, next, error);
        }
    }

    private static ReportRecord New(ReportDue due, string title, int recipients, DateTimeOffset now) =>
        new(due.Id, due.Kind, due.Scope, title, due.Window.Start, due.Window.End, due.DueAt, ReportStatus.Failed, 0, null, null, null, null, null, null, null, null, recipients, now);
}
