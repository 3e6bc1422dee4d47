using Supervision.Simulator.Endpoints;

namespace Supervision.Simulator.Scenarios;

/// <summary>
/// Plays the configured scenario: each step starts its fault at its offset from start-up (and from each
/// repetition). The file is loaded and validated in <see cref="StartAsync"/>, so a bad scenario stops
/// the service at start with its errors rather than failing later.
/// </summary>
public sealed class ScenarioRunner : BackgroundService
{
    private readonly IOptions<SimulatorOptions> _options;
    private readonly SimulatedFleet _fleet;
    private readonly FaultStore _faults;
    private readonly SimulatorTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<ScenarioRunner> _logger;
    private Scenario? _scenario;

    /// <summary>Wires the runner.</summary>
    public ScenarioRunner(IOptions<SimulatorOptions> options, SimulatedFleet fleet, FaultStore faults, SimulatorTelemetry telemetry, TimeProvider time, ILogger<ScenarioRunner> logger)
    {
        _options = options;
        _fleet = fleet;
        _faults = faults;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var path = _options.Value.Scenario;
        if (string.IsNullOrWhiteSpace(path))
        {
            return Task.CompletedTask;
        }

        var (scenario, errors) = ScenarioLoader.LoadFile(PathResolver.Resolve(path), _fleet.Inventory);
        if (scenario is null)
        {
            throw new InvalidOperationException("scenario is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        _scenario = scenario;
        Log.ScenarioLoaded(_logger, scenario.Name, scenario.Steps.Count, scenario.Repeat is { } r ? $", repeating every {r}" : string.Empty);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_scenario is not { } scenario)
        {
            return;
        }

        var cycleStart = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            for (var i = 0; i < scenario.Steps.Count; i++)
            {
                var step = scenario.Steps[i];
                var wait = cycleStart + step.At - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, _time, stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                var (fault, errors) = ControlEndpoints.Start(step.Request, _fleet, _faults, _telemetry);
                if (fault is null)
                {
                    Log.ScenarioStepFailed(_logger, scenario.Name, i, string.Join("; ", errors.Select(e => e.Key + ": " + e.Value)));
                }
                else
                {
                    Log.ScenarioStep(_logger, scenario.Name, i, step.Note, fault.Id);
                }
            }

            if (scenario.Repeat is not { } repeat)
            {
                return;
            }

            cycleStart += repeat;
            var rest = cycleStart - _time.GetUtcNow();
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
