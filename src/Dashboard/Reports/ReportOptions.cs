using Supervision.Core.Mail;

namespace Supervision.Dashboard.Reports;

/// <summary>Scheduled PDF reports to leaders (section <c>Dashboard:Reports</c>; docs/reports.md).</summary>
public sealed class ReportOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Dashboard:Reports";

    /// <summary>The key of the national report's recipients in <see cref="Recipients"/>.</summary>
    public const string National = "national";

    /// <summary>Make and send reports (default false: the archive is still listed and served).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Quartz cron expression, in Vietnam time, of when a finished week's report is sent (default <c>0 0 7 ? * MON</c>:
    /// Monday 07:00). The report of a week goes at the first firing at or after the week's end. Empty: no weekly reports.
    /// </summary>
    public string WeeklyCron { get; set; } = "0 0 7 ? * MON";

    /// <summary>As <see cref="WeeklyCron"/> for months (default <c>0 0 7 1 * ?</c>: the 1st at 07:00). Empty: no monthly reports.</summary>
    public string MonthlyCron { get; set; } = "0 0 7 1 * ?";

    /// <summary>
    /// Who receives what: key <c>national</c> for the national report, a 2-digit province code for that province's
    /// report; each a list of e-mail addresses. A report is made for each key listed (default none).
    /// </summary>
    public Dictionary<string, string[]> Recipients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Folder of the archive: one PDF and one JSON record per report (default <c>reports</c>, relative to the working
    /// folder; <c>scripts/run.sh</c> passes <c>.data/reports</c>). Dashboards of one cluster must share it.
    /// </summary>
    public string ArchivePath { get; set; } = "reports";

    /// <summary>The headless browser that prints the PDF (default Debian's <c>/usr/bin/chromium</c>).</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>Most time one print may take before the browser is killed and the attempt counts as failed (default 2 min).</summary>
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait after the first failed attempt; doubled at each further failure up to <see cref="RetryAtMost"/> (default 1 min).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between two attempts (default 1 h).</summary>
    public TimeSpan RetryAtMost { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a report is marked given up (shown on /reports, metric, error log; an admin may retry it). Default 30.</summary>
    public int MaxAttempts { get; set; } = 30;

    /// <summary>How often due reports and retries are looked for besides the cron firings (default 1 min).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a Dashboard holds a report's cluster lease (Redis) while it prints and sends it (default 10 min): the
    /// other nodes leave that report alone meanwhile, and take it over if the holder died.
    /// </summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Past periods of each kind looked at for reports still owed, e.g. after the Dashboard was down (default 8).</summary>
    public int CatchUpPeriods { get; set; } = 8;

    /// <summary>The Dashboard's address as leaders reach it, for the link in the mail (e.g. <c>https://giamsat.example.vn</c>). Default: no link.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The SMTP server the reports go through.</summary>
    public ReportSmtpOptions Smtp { get; set; } = new();
}

/// <summary>SMTP settings of the reports (<c>Dashboard:Reports:Smtp</c>).</summary>
public sealed class ReportSmtpOptions
{
    /// <summary>Server host (required when reports are enabled).</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Server port (default 25).</summary>
    public int Port { get; set; } = 25;

    /// <summary>Sender address (required when reports are enabled).</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>User, when the server asks for one. Default none.</summary>
    public string? Username { get; set; }

    /// <summary>Password (secret; from the environment, e.g. <c>Dashboard__Reports__Smtp__Password</c>). Default none.</summary>
    public string? Password { get; set; }

    /// <summary>None, StartTls, Tls or Auto (default Auto: STARTTLS when offered).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Per-attempt timeout (default 60 s: a PDF attachment takes longer than an alert).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The server as Core's sender takes it.</summary>
    public SmtpServer Server => new(Host, Port, Username, Password, Security, Timeout);
}
