using System.Collections.Concurrent;
using Supervision.Alerting.Muting;

namespace Supervision.Alerting.Tests.Support;

/// <summary>Silences held in memory, for tests of the notification module without the engine's store.</summary>
public sealed class InMemorySilenceSource : ISilenceSource
{
    private readonly ConcurrentDictionary<string, Silence> _silences = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a silence.</summary>
    public void Upsert(Silence silence)
    {
        ArgumentNullException.ThrowIfNull(silence);
        _silences[silence.Id] = silence;
    }

    /// <summary>Ends a silence at <paramref name="now"/>; false when unknown.</summary>
    public bool Expire(string id, DateTimeOffset now)
    {
        if (!_silences.TryGetValue(id, out var s))
        {
            return false;
        }

        _silences[id] = s with { EndsAt = now < s.EndsAt ? now : s.EndsAt };
        return true;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Silence>> GetActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = new List<Silence>();
        foreach (var s in _silences.Values)
        {
            if (s.IsActiveAt(now))
            {
                list.Add(s);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<Silence>>(list);
    }
}
