namespace Supervision.Core.Influx.Backfill;

/// <summary>What one continuous query's back-fill did.</summary>
/// <param name="Query">The continuous query.</param>
/// <param name="From">Start of its first bucket written.</param>
/// <param name="To">End of its last bucket written (equal to <paramref name="From"/> when no whole bucket fits the range).</param>
/// <param name="Statements">SELECT … INTO statements run (one per day or so).</param>
public sealed record BackfillStep(ContinuousQueryDefinition Query, DateTimeOffset From, DateTimeOffset To, int Statements);
