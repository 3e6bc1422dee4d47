using Prometheus;

namespace Supervision.Simulator.Hosting;

/// <summary>The simulator's own metrics (prometheus-net, one registry per app so tests stay independent).</summary>
public sealed class SimulatorTelemetry
{
    private readonly Counter.Child[,] _requests;
    private readonly Gauge _faultsActive;

    /// <summary>Registers the metrics; the active-fault gauge is refreshed before each collection.</summary>
    public SimulatorTelemetry(CollectorRegistry registry, FaultStore faults, Fleet.SimulatedFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(fleet);
        Registry = registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        var requests = factory.CreateCounter(
            "simulator_requests_total",
            "Target requests served, by endpoint and outcome.",
            new CounterConfiguration { LabelNames = ["endpoint", "outcome"] });
        var outcomes = Enum.GetValues<RequestOutcome>();
        _requests = new Counter.Child[2, outcomes.Length];
        foreach (var outcome in outcomes)
        {
            // Children resolved once: the per-request path only increments.
            var name = outcome == RequestOutcome.NotFound ? "not_found" : outcome.ToString().ToLowerInvariant();
            _requests[0, (int)outcome] = requests.WithLabels("health", name);
            _requests[1, (int)outcome] = requests.WithLabels("metrics", name);
        }
        _faultsActive = factory.CreateGauge(
            "simulator_faults_active",
            "Faults active now, by kind.",
            new GaugeConfiguration { LabelNames = ["kind"] });
        FaultsStarted = factory.CreateCounter(
            "simulator_faults_started_total",
            "Faults started (control API and scenario), by kind.",
            new CounterConfiguration { LabelNames = ["kind"] });
        factory.CreateGauge("simulator_targets", "Targets served.").Set(fleet.Profiles.Count);
        Registry.AddBeforeCollectCallback(() =>
        {
            Span<int> counts = stackalloc int[Enum.GetValues<FaultKind>().Length];
            foreach (var f in faults.Active())
            {
                counts[(int)f.Kind]++;
            }

            foreach (var kind in Enum.GetValues<FaultKind>())
            {
                _faultsActive.WithLabels(FaultKindNames.Name(kind)).Set(counts[(int)kind]);
            }
        });
    }

    /// <summary>The registry /metrics exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Faults started, by kind.</summary>
    public Counter FaultsStarted { get; }

    /// <summary>Counts one served target request.</summary>
    public void Served(bool metrics, RequestOutcome outcome) => _requests[metrics ? 1 : 0, (int)outcome].Inc();
}

/// <summary>How a target request was answered.</summary>
public enum RequestOutcome
{
    /// <summary>Normally.</summary>
    Ok,

    /// <summary>With 503 (down or flapping).</summary>
    Unavailable,

    /// <summary>Connection reset (down, mode refused).</summary>
    Refused,

    /// <summary>Never (hang), until the client gave up.</summary>
    Hang,

    /// <summary>With malformed exposition.</summary>
    Garbage,

    /// <summary>With an oversize body.</summary>
    Oversize,

    /// <summary>Unknown target or endpoint.</summary>
    NotFound,
}
