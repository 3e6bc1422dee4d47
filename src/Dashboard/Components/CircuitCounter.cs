using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Supervision.Dashboard.Components;

/// <summary>Counts open Blazor circuits (every wallboard, kiosk and page in a browser) for <c>/metrics</c>.</summary>
public sealed class CircuitCounter(DashboardTelemetry telemetry) : CircuitHandler
{
    /// <inheritdoc />
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        telemetry.Circuits.Inc();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        telemetry.Circuits.Dec();
        return Task.CompletedTask;
    }
}
