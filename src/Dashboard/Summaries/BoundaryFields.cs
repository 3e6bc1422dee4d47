namespace Supervision.Dashboard.Summaries;

/// <summary>What a summary reads at one boundary (<see cref="SummaryStatements.CountersAt(SummarySource, DateTimeOffset, string, BoundaryFields)"/>).</summary>
public enum BoundaryFields
{
    /// <summary>Every counter and gauge: the window's end and start (the start is the previous window's end).</summary>
    All,

    /// <summary>The cumulative counters only (received, resolved, e-documents): the previous window's start, where no gauge is read.</summary>
    Counters,

    /// <summary>Received and resolved only: the stall boundary, where only the resolutions count.</summary>
    Resolved,
}
