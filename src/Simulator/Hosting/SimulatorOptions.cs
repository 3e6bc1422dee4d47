namespace Supervision.Simulator.Hosting;

/// <summary>Simulator settings: section <c>Simulator</c>, or <c>--inventory --seed --port --scenario --holidays --request-log</c>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Simulator";

    /// <summary>Inventory file whose targets are served (default <c>inventory/national.yaml</c>).</summary>
    public string Inventory { get; set; } = "inventory/national.yaml";

    /// <summary>Seed for every per-target draw (default 42): same seed and clock, same values.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>TCP port on 127.0.0.1 (default 9100; 0 picks a free one).</summary>
    public int Port { get; set; } = 9100;

    /// <summary>Optional scenario file (YAML) run from start-up.</summary>
    public string? Scenario { get; set; }

    /// <summary>Holiday table for the working-day curve (default <c>config/vn-holidays.csv</c>; weekends only when that default is absent).</summary>
    public string Holidays { get; set; } = DefaultHolidays;

    /// <summary>
    /// How many of each target's latest <c>/health</c> arrival times to keep for <c>GET /control/requests/health</c>
    /// (default 0: none; harnesses that check when targets were scraped set it, e.g. 64).
    /// </summary>
    public int RequestLog { get; set; }

    /// <summary>The default holiday table path.</summary>
    public const string DefaultHolidays = "config/vn-holidays.csv";
}

/// <summary>Start-up validation of <see cref="SimulatorOptions"/>: a bad setting stops the service with a message naming it.</summary>
public sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Simulator:Port (--port) {options.Port} is not a TCP port (0-65535)");
        }

        if (options.RequestLog is < 0 or > 10_000)
        {
            failures.Add($"Simulator:RequestLog (--request-log) {options.RequestLog} must be between 0 and 10000");
        }

        if (string.IsNullOrWhiteSpace(options.Inventory))
        {
            failures.Add("Simulator:Inventory (--inventory) is empty");
        }

        if (!string.IsNullOrWhiteSpace(options.Scenario) && !File.Exists(PathResolver.Resolve(options.Scenario)))
        {
            failures.Add($"Simulator:Scenario (--scenario) file '{options.Scenario}' does not exist");
        }

        if (!string.Equals(options.Holidays, SimulatorOptions.DefaultHolidays, StringComparison.Ordinal) && !File.Exists(PathResolver.Resolve(options.Holidays)))
        {
            failures.Add($"Simulator:Holidays (--holidays) file '{options.Holidays}' does not exist");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
