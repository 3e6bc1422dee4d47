namespace Supervision.Dashboard.Configuration;

/// <summary>Start-up checks; each failure names the setting.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!File.Exists(options.InventoryPath))
        {
            failures.Add($"Dashboard:InventoryPath: file '{Path.GetFullPath(options.InventoryPath)}' does not exist");
        }

        if (options.IngestApiKeys.Count == 0 || options.IngestApiKeys.Any(k => k.Length < 16))
        {
            failures.Add("Dashboard:IngestApiKeys: at least one key of 16 characters or more is required (collectors and alerting present it)");
        }

        if (options.CoalescePeriod < TimeSpan.FromMilliseconds(10) || options.CoalescePeriod > TimeSpan.FromSeconds(5))
        {
            failures.Add($"Dashboard:CoalescePeriod: {options.CoalescePeriod} is outside 10 ms .. 5 s");
        }

        if (options.Rollup.ProvinceDownShare is <= 0 or > 1 || options.Rollup.ProvinceDegradedShare is <= 0 or > 1)
        {
            failures.Add("Dashboard:Rollup: shares must be in (0, 1]");
        }

        if (options.AlertingBeat <= TimeSpan.Zero)
        {
            failures.Add($"Dashboard:AlertingBeat: {options.AlertingBeat} must be positive");
        }

        if (options.Influx is { } influx)
        {
            failures.AddRange(influx.Validate("Dashboard:Influx"));
        }

        failures.AddRange(NestedValidation.Validate(options, "Dashboard"));

        if (!Enum.IsDefined(options.Wallboard.MapStyle))
        {
            failures.Add($"Dashboard:Wallboard:MapStyle: '{options.Wallboard.MapStyle}' is not one of {string.Join(", ", Enum.GetNames<MapStyle>())}");
        }

        var page = options.StatusPage;
        if (page.Refresh < TimeSpan.FromSeconds(1) || page.Refresh > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Dashboard:StatusPage:Refresh: {page.Refresh} is outside 00:00:01 .. 00:10:00");
        }

        if (page.MaxAge < TimeSpan.Zero || page.MaxAge > page.Refresh)
        {
            failures.Add($"Dashboard:StatusPage:MaxAge: {page.MaxAge} is outside 0 .. Refresh ({page.Refresh}): a browser would keep a page older than the next build");
        }

        if (page.MinInterruption < TimeSpan.Zero || page.MinInterruption > TimeSpan.FromHours(1))
        {
            failures.Add($"Dashboard:StatusPage:MinInterruption: {page.MinInterruption} is outside 0 .. 01:00:00");
        }

        for (var i = 0; i < options.Kiosk.Tokens.Count; i++)
        {
            var token = options.Kiosk.Tokens[i];
            if (token.Token.Length < 16)
            {
                failures.Add($"Dashboard:Kiosk:Tokens:{i}:Token: 16 characters or more are required ('{token.Name}')");
            }

            if (token.Boards.Count == 0)
            {
                failures.Add($"Dashboard:Kiosk:Tokens:{i}:Boards: name at least one board id, or '*' ('{token.Name}')");
            }

            if (options.Kiosk.Tokens.Take(i).Any(t => t.Token == token.Token))
            {
                failures.Add($"Dashboard:Kiosk:Tokens:{i}:Token: the same token is given twice");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
