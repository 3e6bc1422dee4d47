namespace Supervision.Alerting.OnCall;

/// <summary>How often a layer hands over.</summary>
public enum RotationKind
{
    /// <summary>Every day at the hand-off time.</summary>
    Daily,

    /// <summary>Every week, on the start date's weekday, at the hand-off time.</summary>
    Weekly,
}

/// <summary>A rotation of people through shifts of one day or one week, in the schedule's time zone.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Rotation">Daily or weekly.</param>
/// <param name="Start">Local date of the first shift.</param>
/// <param name="Handoff">Local hand-off time.</param>
/// <param name="Users">People, in rotation order.</param>
public sealed record RotationLayer(string Name, RotationKind Rotation, DateOnly Start, TimeOnly Handoff, IReadOnlyList<string> Users)
{
    /// <summary>Length of one shift.</summary>
    public TimeSpan ShiftLength => Rotation == RotationKind.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);

    /// <summary>The person on this layer at a local wall-clock time, with the shift's local start; null before the first shift.</summary>
    public (string User, DateTime ShiftStartLocal)? At(DateTime local)
    {
        var anchor = Start.ToDateTime(Handoff);
        if (local < anchor || Users.Count == 0)
        {
            return null;
        }

        var shifts = (local - anchor).Ticks / ShiftLength.Ticks;
        return (Users[(int)(shifts % Users.Count)], anchor + TimeSpan.FromTicks(shifts * ShiftLength.Ticks));
    }

    /// <summary>The first local hand-off strictly after <paramref name="local"/>.</summary>
    public DateTime NextHandoff(DateTime local)
    {
        var anchor = Start.ToDateTime(Handoff);
        if (local < anchor)
        {
            return anchor;
        }

        var shifts = ((local - anchor).Ticks / ShiftLength.Ticks) + 1;
        return anchor + TimeSpan.FromTicks(shifts * ShiftLength.Ticks);
    }
}
