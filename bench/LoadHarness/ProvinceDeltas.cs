using System.Text.Json;
using System.Text.Json.Serialization;
using Supervision.Core.Domain;

namespace Supervision.LoadHarness;

/// <summary>Reads a province group's <c>delta</c> as the wallboard does: the target states of its changed units.</summary>
public static class ProvinceDeltas
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The state of <paramref name="targetId"/> the delta carries, or null when it carries none.</summary>
    public static TargetState? Find(JsonElement delta, string targetId)
    {
        if (!delta.TryGetProperty("units", out var units))
        {
            return null;
        }

        foreach (var unit in units.EnumerateArray())
        {
            foreach (var system in unit.GetProperty("systems").EnumerateArray())
            {
                if (system.GetProperty("targetId").GetString() == targetId)
                {
                    return system.Deserialize<TargetState>(Json);
                }
            }
        }

        return null;
    }
}
