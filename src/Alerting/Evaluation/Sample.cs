namespace Supervision.Alerting.Evaluation;

/// <summary>One active element of a rule's result: the labels that identify it and the value that made it active.</summary>
internal sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value);
