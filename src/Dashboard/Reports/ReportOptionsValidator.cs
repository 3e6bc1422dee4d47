using MimeKit;

namespace Supervision.Dashboard.Reports;

/// <summary>Start-up checks of <see cref="ReportOptions"/>; each failure names its key (the Dashboard then exits 2).</summary>
public sealed class ReportOptionsValidator(Inventory inventory) : IValidateOptions<ReportOptions>
{
    private const string S = ReportOptions.Section;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Cron(options.WeeklyCron, nameof(ReportOptions.WeeklyCron), failures);
        Cron(options.MonthlyCron, nameof(ReportOptions.MonthlyCron), failures);
        if (string.IsNullOrWhiteSpace(options.ArchivePath))
        {
            failures.Add($"{S}:ArchivePath: empty");
        }

        Range(options.RenderTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30), nameof(ReportOptions.RenderTimeout), failures);
        Range(options.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(ReportOptions.RetryAfter), failures);
        Range(options.RetryAtMost, options.RetryAfter, TimeSpan.FromDays(1), nameof(ReportOptions.RetryAtMost), failures);
        Range(options.SweepInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(ReportOptions.SweepInterval), failures);
        Range(options.LeaseFor, options.RenderTimeout + options.Smtp.Timeout, TimeSpan.FromHours(6), nameof(ReportOptions.LeaseFor), failures);
        if (options.MaxAttempts is < 1 or > 1000)
        {
            failures.Add($"{S}:MaxAttempts: {options.MaxAttempts} is outside 1 .. 1000");
        }

        if (options.CatchUpPeriods is < 1 or > 60)
        {
            failures.Add($"{S}:CatchUpPeriods: {options.CatchUpPeriods} is outside 1 .. 60");
        }

        if (options.PublicUrl is { IsAbsoluteUri: false } || options.PublicUrl is { Scheme: not ("http" or "https") })
        {
            failures.Add($"{S}:PublicUrl: '{options.PublicUrl}' is not an absolute http(s) address");
        }

        Recipients(options, failures);
        if (options.Enabled)
        {
            // Checked only when reports are on: a center without mail keeps its archive readable.
            if (string.IsNullOrWhiteSpace(options.WeeklyCron) && string.IsNullOrWhiteSpace(options.MonthlyCron))
            {
                failures.Add($"{S}:WeeklyCron and {S}:MonthlyCron: both empty, so no report would ever be made");
            }

            if (options.Recipients.Count == 0)
            {
                failures.Add($"{S}:Recipients: no recipients (key '{ReportOptions.National}' or a province code, each a list of addresses)");
            }

            if (string.IsNullOrWhiteSpace(options.Smtp.Host))
            {
                failures.Add($"{S}:Smtp:Host: empty");
            }

            if (options.Smtp.Port is < 1 or > 65535)
            {
                failures.Add($"{S}:Smtp:Port: {options.Smtp.Port} is outside 1 .. 65535");
            }

            if (!MailboxAddress.TryParse(options.Smtp.From, out _) || string.IsNullOrWhiteSpace(options.Smtp.From))
            {
                failures.Add($"{S}:Smtp:From: '{options.Smtp.From}' is not an e-mail address");
            }

            if (!Enum.IsDefined(options.Smtp.Security))
            {
                failures.Add($"{S}:Smtp:Security: {options.Smtp.Security} is not one of None, StartTls, Tls, Auto");
            }

            Range(options.Smtp.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), "Smtp:Timeout", failures);
            if (!File.Exists(options.ChromiumPath))
            {
                failures.Add($"{S}:ChromiumPath: '{options.ChromiumPath}' does not exist (Debian: apt-get install chromium)");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Recipients(ReportOptions options, List<string> failures)
    {
        foreach (var (key, addresses) in options.Recipients)
        {
            if (!string.Equals(key, ReportOptions.National, StringComparison.OrdinalIgnoreCase) && inventory.FindUnit(key) is not { Level: UnitLevel.Province })
            {
                failures.Add($"{S}:Recipients:{key}: '{key}' is neither '{ReportOptions.National}' nor a province code of the inventory");
            }

            if (addresses is null || addresses.Length == 0 || addresses.All(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{S}:Recipients:{key}: no addresses");
                continue;
            }

            for (var i = 0; i < addresses.Length; i++)
            {
                if (!MailboxAddress.TryParse(addresses[i], out var parsed) || parsed.Address.IndexOf('@', StringComparison.Ordinal) < 1)
                {
                    failures.Add($"{S}:Recipients:{key}:{i}: '{addresses[i]}' is not an e-mail address");
                }
            }
        }
    }

    private static void Cron(string? text, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        try
        {
            _ = CronExpression.Parse(text);
        }
        catch (FormatException ex)
        {
            failures.Add($"{S}:{key}: '{text}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week): {ex.Message}");
        }
    }

    private static void Range(TimeSpan value, TimeSpan min, TimeSpan max, string key, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{S}:{key}: {value} is outside {min} .. {max}");
        }
    }
}
