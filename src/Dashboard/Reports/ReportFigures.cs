using Supervision.Dashboard.Summaries.Charts;

namespace Supervision.Dashboard.Reports;

/// <summary>What a report shows: the summary sheet of its period and the leaders' charts ending where the period ends.</summary>
/// <param name="Sheet">The tables' figures.</param>
/// <param name="Trends">The charts' figures (30 days by day and 4 weeks by week up to the period's end, each against the period before).</param>
public sealed record ReportFigures(SummarySheet Sheet, SummaryTrends Trends);
