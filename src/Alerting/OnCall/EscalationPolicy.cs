namespace Supervision.Alerting.OnCall;

/// <summary>Who is paged, step by step, until someone acknowledges.</summary>
/// <param name="Name">Policy name.</param>
/// <param name="Steps">Steps in order.</param>
/// <param name="Repeat">How many more rounds after the first when nobody acknowledges.</param>
public sealed record EscalationPolicy(string Name, IReadOnlyList<EscalationStep> Steps, int Repeat);

/// <summary>One step: notify its targets, wait <paramref name="After"/> for an acknowledgement, then move on.</summary>
/// <param name="After">Time to acknowledge before the next step.</param>
/// <param name="Targets">Who is notified.</param>
public sealed record EscalationStep(TimeSpan After, IReadOnlyList<StepTarget> Targets);

/// <summary>A step's target: exactly one of a schedule (whoever is on call), a person, or a receiver.</summary>
/// <param name="Schedule">Schedule name.</param>
/// <param name="User">Person name.</param>
/// <param name="Receiver">Receiver name.</param>
public sealed record StepTarget(string? Schedule = null, string? User = null, string? Receiver = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        Schedule is not null ? "schedule:" + Schedule : User is not null ? "user:" + User : "receiver:" + Receiver;
}
