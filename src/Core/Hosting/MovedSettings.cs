using Microsoft.Extensions.Configuration;

namespace Supervision.Core.Hosting;

/// <summary>
/// Settings that have a new key: one set under the old key stops start-up with a message naming the new one, rather than
/// being ignored while the service runs on its default (an InfluxDB address silently back to 127.0.0.1:8086).
/// </summary>
public static class MovedSettings
{
    /// <summary>A failure for each <c>old → new</c> pair whose old key holds a value in <paramref name="configuration"/>.</summary>
    public static IEnumerable<string> Find(IConfiguration configuration, IReadOnlyDictionary<string, string> moved)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(moved);
        foreach (var (oldKey, newKey) in moved)
        {
            if (configuration[oldKey] is not null)
            {
                yield return $"{oldKey}: this setting is now {newKey} (docs/configuration.md); set it there";
            }
        }
    }
}
