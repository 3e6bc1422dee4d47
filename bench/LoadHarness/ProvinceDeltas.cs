using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Supervision.Core.Domain;
using Supervision.Core.Messages;

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

    /// <summary>
    /// A status-hub client joined to <paramref name="target"/>'s province group, started; <c>Down</c> completes with the
    /// arrival time and the state's <c>ObservedAt</c> of the first delta carrying the target as Down. Dispose the connection.
    /// </summary>
    public static async Task<(HubConnection Connection, Task<(DateTimeOffset Arrived, DateTimeOffset Observed)> Down)> WatchDownAsync(Uri hub, CookieContainer cookies, Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var seen = new TaskCompletionSource<(DateTimeOffset Arrived, DateTimeOffset Observed)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = new HubConnectionBuilder().WithUrl(hub, o => o.Cookies = cookies).Build();
        connection.On<JsonElement>(HubNames.Delta, delta =>
        {
            var arrived = TimeProvider.System.GetUtcNow();
            if (Find(delta, target.Id) is { Status: TargetStatus.Down } state)
            {
                seen.TrySetResult((arrived, state.ObservedAt));
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("Join", HubNames.ProvinceGroup(target.ProvinceCode!));
        return (connection, seen.Task);
    }
}
