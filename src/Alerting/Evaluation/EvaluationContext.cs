namespace Supervision.Alerting.Evaluation;

/// <summary>What a rule needs from outside: data, the fleet it expects to hear from, and working time.</summary>
internal sealed record EvaluationContext(IMetricSource Source, Inventory? Inventory, WorkingCalendar Calendar);
