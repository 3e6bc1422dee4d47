namespace Supervision.Core.Messages;

/// <summary>
/// The Dashboard's ingest hub (<see cref="HubNames.IngestHubPath"/>) as a contract: the hub implements it and the clients
/// (collectors, Alerting) name its methods through <see cref="HubNames"/>, which takes them from here, so renaming a
/// method or changing a message type fails to compile on both sides.
/// </summary>
public interface IIngestHub
{
    /// <summary>A collector's status changes since its last batch.</summary>
    Task PushStatusChanges(StatusChangeBatch batch);

    /// <summary>A collector's full view after every (re)connect.</summary>
    Task PushStatusSnapshot(StatusSnapshot snapshot);

    /// <summary>A collector's periodic sign of life: its targets stay fresh.</summary>
    Task PushHeartbeat(CollectorHeartbeat heartbeat);

    /// <summary>A collector's part of the national figures.</summary>
    Task PushFigures(FigureReport report);

    /// <summary>A collector's current exposition problems (its whole list).</summary>
    Task PushExpositionProblems(ExpositionProblemReport report);

    /// <summary>An Alerting node's word about itself (cluster set-ups).</summary>
    Task PushNodeHealth(NodeHealthReport report);

    /// <summary>Alert changes (or, after a (re)connect, every alert) from Alerting.</summary>
    Task PushAlertChanges(AlertChangeBatch batch);
}
