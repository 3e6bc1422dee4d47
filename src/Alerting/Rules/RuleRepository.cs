namespace Supervision.Alerting.Rules;

/// <summary>The last good rule set and the errors of the last failed reload.</summary>
internal sealed class RuleRepository
{
    private RuleSet _current = RuleSet.Empty;
    private IReadOnlyList<RuleError> _errors = [];

    public RuleSet Current => Volatile.Read(ref _current);

    public IReadOnlyList<RuleError> LastErrors => Volatile.Read(ref _errors);

    public event Action? Changed;

    public void Replace(RuleSet rules)
    {
        Volatile.Write(ref _current, rules);
        Volatile.Write(ref _errors, []);
        Changed?.Invoke();
    }

    public void Reject(IReadOnlyList<RuleError> errors) => Volatile.Write(ref _errors, errors);
}
