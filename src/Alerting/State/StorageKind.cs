namespace Supervision.Alerting.State;

/// <summary>Where the service keeps its state (alerts, silences, outbox, notification log, Quartz's job store).</summary>
public enum StorageKind
{
    /// <summary>SQLite files on this node: the embedded single-node default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by every node of an Alerting cluster.</summary>
    Postgres,
}
