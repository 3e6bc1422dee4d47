namespace Supervision.Dashboard.Components.Widgets;

/// <summary>One row of a ranking.</summary>
/// <param name="Code">Province code.</param>
/// <param name="Name">Province name.</param>
/// <param name="Value">Its figure.</param>
/// <param name="Status">Its colour by the panel's thresholds.</param>
public sealed record RankingRow(string Code, string Name, double Value, TargetStatus Status);
