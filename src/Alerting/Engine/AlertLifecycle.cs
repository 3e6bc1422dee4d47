namespace Supervision.Alerting.Engine;

/// <summary>
/// The pure state machine: inactive → pending → firing → resolved, with <c>for</c> and <c>keep_firing_for</c>.
/// Returns true when the record changed in a way worth storing and pushing.
/// </summary>
internal static class AlertLifecycle
{
    /// <summary>The condition holds at <paramref name="now"/>.</summary>
    public static bool Active(AlertRecord a, DateTimeOffset now, TimeSpan forDuration)
    {
        a.LastActiveAt = now;
        switch (a.State)
        {
            case AlertState.Inactive:
            case AlertState.Resolved:
                if (a.State == AlertState.Resolved)
                {
                    a.FlapCount++;
                }

                a.ActiveSince = now;
                a.FiredAt = null;
                a.ResolvedAt = null;
                a.AcknowledgedBy = null;
                a.AcknowledgedAt = null;
                a.AckComment = null;
                Enter(a, AlertState.Pending, now);
                if (forDuration <= TimeSpan.Zero)
                {
                    Fire(a, now);
                }

                return true;
            case AlertState.Pending when now - a.ActiveSince >= forDuration:
                Fire(a, now);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The condition does not hold at <paramref name="now"/>. Returns true when the state changed.</summary>
    public static bool Inactive(AlertRecord a, DateTimeOffset now, TimeSpan keepFiringFor)
    {
        switch (a.State)
        {
            case AlertState.Pending:
                Enter(a, AlertState.Inactive, now);
                return true;
            case AlertState.Firing when now - a.LastActiveAt >= keepFiringFor:
                a.ResolvedAt = now;
                Enter(a, AlertState.Resolved, now);
                return true;
            default:
                return false;
        }
    }

    private static void Fire(AlertRecord a, DateTimeOffset now)
    {
        a.FiredAt = now;
        Enter(a, AlertState.Firing, now);
    }

    private static void Enter(AlertRecord a, AlertState state, DateTimeOffset now)
    {
        a.State = state;
        a.StateSince = now;
    }
}
