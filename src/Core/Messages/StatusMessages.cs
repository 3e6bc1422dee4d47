namespace Supervision.Core.Messages;

/// <summary>Names shared by the Dashboard's hubs and their clients (DESIGN.md contracts).</summary>
public static class HubNames
{
    /// <summary>Public status hub path.</summary>
    public const string StatusHubPath = "/hubs/status";

    /// <summary>Authenticated ingest hub path for collectors and alerting.</summary>
    public const string IngestHubPath = "/hubs/ingest";

    /// <summary>Header carrying the ingest API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The national group.</summary>
    public const string NationalGroup = "national";

    /// <summary>Group name of one province.</summary>
    public static string ProvinceGroup(string code) => "province:" + code;

    /// <summary>Client method receiving the full state on join.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>Client method receiving coalesced changes.</summary>
    public const string Delta = "delta";

    /// <summary>Server method a status client calls to join a group.</summary>
    public const string Join = "Join";

    /// <summary>Server method a status client calls to leave a group.</summary>
    public const string Leave = "Leave";

    /// <summary>Ingest method: a batch of status changes from a collector.</summary>
    public const string PushStatusChanges = nameof(IIngestHub.PushStatusChanges);

    /// <summary>Ingest method: a collector's full snapshot after (re)connect.</summary>
    public const string PushStatusSnapshot = nameof(IIngestHub.PushStatusSnapshot);

    /// <summary>Ingest method: a collector's periodic "still scraping" (changes are only pushed on change).</summary>
    public const string PushHeartbeat = nameof(IIngestHub.PushHeartbeat);

    /// <summary>Ingest method: alert changes from alerting.</summary>
    public const string PushAlertChanges = nameof(IIngestHub.PushAlertChanges);

    /// <summary>Ingest method: a collector's part of the national figures (<see cref="FigureReport"/>).</summary>
    public const string PushFigures = nameof(IIngestHub.PushFigures);

    /// <summary>Ingest method: a collector's current exposition problems (<see cref="ExpositionProblemReport"/>).</summary>
    public const string PushExpositionProblems = nameof(IIngestHub.PushExpositionProblems);

    /// <summary>Ingest method: a cluster node's word about itself (<see cref="NodeHealthReport"/>).</summary>
    public const string PushNodeHealth = nameof(IIngestHub.PushNodeHealth);
}

/// <summary>A batch of target status changes from one collector.</summary>
/// <param name="CollectorId">The reporting agent, e.g. <c>collector-0of2</c>.</param>
/// <param name="Changes">Target states that changed since the last batch.</param>
public sealed record StatusChangeBatch(string CollectorId, IReadOnlyList<TargetState> Changes);

/// <summary>A collector's full view, sent after every (re)connect.</summary>
/// <param name="CollectorId">The reporting agent.</param>
/// <param name="Shard">Shard index (0-based) of this agent.</param>
/// <param name="ShardCount">Number of shards.</param>
/// <param name="Targets">State of every target of the shard.</param>
public sealed record StatusSnapshot(string CollectorId, int Shard, int ShardCount, IReadOnlyList<TargetState> Targets);

/// <summary>
/// A collector's periodic sign of life. Status is pushed only when it changes, so without this a steady
/// target would look stale; with it, a target is fresh while the collector that reports it is alive.
/// </summary>
/// <param name="CollectorId">The reporting agent.</param>
/// <param name="At">When the collector sent it.</param>
public sealed record CollectorHeartbeat(string CollectorId, DateTimeOffset At);
