namespace Supervision.Dashboard.Hubs;

/// <summary>
/// The public status hub (<c>/hubs/status</c>): a client joins <c>national</c> or <c>province:{code}</c>,
/// receives a <c>snapshot</c> of that group at once, then the group's coalesced <c>delta</c>s.
/// </summary>
public sealed class StatusHub(LiveState state, DashboardTelemetry telemetry, HubGroupSizes groups, HubGroupScope scope) : Hub<IStatusClient>
{
    /// <summary>Joins a group and sends its snapshot to the caller; an unknown group is a clear error.</summary>
    public async Task Join(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var isProvince = group.StartsWith("province:", StringComparison.Ordinal) && state.Province(group["province:".Length..]) is not null;
        if (group != HubNames.NationalGroup && !isProvince)
        {
            throw new HubException($"unknown group '{group}': use '{HubNames.NationalGroup}' or 'province:{{code}}' with a province code of the inventory");
        }

        // The group first, then the snapshot: a change made between the two reaches the caller in the snapshot or as a
        // delta, never neither (a wall that rejoined another node during a change kept the old status). A delta can still
        // overtake the snapshot (deltas go through the backplane, the snapshot straight to the caller), so when the state
        // moved while the snapshot was built and sent, a second one carries the newer state.
        await Groups.AddToGroupAsync(Context.ConnectionId, scope.Local(group));
        groups.Joined(Context.ConnectionId, group);
        var revision = state.Revision;
        await SendSnapshotAsync(group);
        if (state.Revision != revision)
        {
            await SendSnapshotAsync(group);
        }
    }

    private async Task SendSnapshotAsync(string group)
    {
        int bytes;
        if (group == HubNames.NationalGroup)
        {
            var national = state.National();
            await Clients.Caller.NationalSnapshot(national);
            bytes = JsonSerializer.SerializeToUtf8Bytes(national, HubJson.Options).Length;
        }
        else
        {
            var province = state.Province(group["province:".Length..])!;
            await Clients.Caller.ProvinceSnapshot(province);
            bytes = JsonSerializer.SerializeToUtf8Bytes(province, HubJson.Options).Length;
        }

        telemetry.Sent(HubNames.Snapshot, bytes, 1);
    }

    /// <summary>Leaves a group.</summary>
    public Task Leave(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        groups.Left(Context.ConnectionId, group);
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, scope.Local(group));
    }

    /// <inheritdoc />
    public override Task OnConnectedAsync()
    {
        telemetry.Clients.Inc();
        return base.OnConnectedAsync();
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        telemetry.Clients.Dec();
        groups.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
