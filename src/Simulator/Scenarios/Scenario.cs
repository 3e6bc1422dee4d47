namespace Supervision.Simulator.Scenarios;

/// <summary>One timed fault of a scenario.</summary>
/// <param name="Line">Line of the step in its file (for messages).</param>
/// <param name="At">Offset from the start of the scenario (or of each repetition).</param>
/// <param name="Request">The fault, as the control API would receive it.</param>
/// <param name="Note">What the step stands for, for logs.</param>
public sealed record ScenarioStep(int Line, TimeSpan At, FaultRequest Request, string Note);

/// <summary>A timed sequence of faults for demos and benchmarks.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Repeat">Start again from the top this long after each start, or null to run once.</param>
/// <param name="Steps">Steps in time order.</param>
public sealed record Scenario(string Name, TimeSpan? Repeat, IReadOnlyList<ScenarioStep> Steps);
