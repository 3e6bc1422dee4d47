namespace Supervision.Dashboard.Summaries;

/// <summary>Start-up checks of <see cref="SummaryOptions"/>; each failure names the setting.</summary>
public sealed class SummaryOptionsValidator : IValidateOptions<SummaryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (ConfigFile.Resolve(options.RegionsPath) is null)
        {
            failures.Add($"{SummaryOptions.Section}:RegionsPath: file '{options.RegionsPath}' does not exist");
        }

        if (ConfigFile.Resolve(options.HolidaysPath) is null)
        {
            failures.Add($"{SummaryOptions.Section}:HolidaysPath: file '{options.HolidaysPath}' does not exist");
        }

        if (options.StalledAfter <= TimeSpan.Zero || options.StalledAfter > TimeSpan.FromDays(10))
        {
            failures.Add($"{SummaryOptions.Section}:StalledAfter: {options.StalledAfter} is outside (0, 10 days]");
        }

        if (options.SlowOnTimeRate is <= 0 or > 1 || options.LowAvailability is <= 0 or > 1)
        {
            failures.Add($"{SummaryOptions.Section}:SlowOnTimeRate and LowAvailability must be in (0, 1]");
        }

        if (options.MinResolvedForRate < 0 || options.OverdueRise < 0 || options.EarlyWarningLimit < 1 || options.WorstCommunesPerProvince < 0)
        {
            failures.Add($"{SummaryOptions.Section}: MinResolvedForRate, OverdueRise and WorstCommunesPerProvince must be ≥ 0, EarlyWarningLimit ≥ 1");
        }

        if (options.CacheFor < TimeSpan.Zero || options.CacheFor > TimeSpan.FromHours(1))
        {
            failures.Add($"{SummaryOptions.Section}:CacheFor: {options.CacheFor} is outside 0 .. 1 h");
        }

        if (!Enum.IsDefined(options.Source))
        {
            failures.Add($"{SummaryOptions.Section}:Source: {options.Source} is neither Rollups nor Hourly");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
