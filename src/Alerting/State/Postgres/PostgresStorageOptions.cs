namespace Supervision.Alerting.State.Postgres;

/// <summary>Settings of the shared PostgreSQL store (section <c>Alerting:Postgres</c>), read when <c>Alerting:Storage</c> is <c>Postgres</c>.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5433;Database=supervision;Username=supervision;Password=…</c>. Required for Postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How often a node re-runs the notification pipeline over the shared alert state (group waits, repeats,
    /// escalation timers); the passes of all nodes take turns under one lock. Default 2 s.
    /// </summary>
    public TimeSpan PipelineTickInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each node records in Quartz's cluster table that it is alive. Default 5 s.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late a node's check-in may be before the others take back the evaluations it had begun. Default 10 s:
    /// with the 5 s check-in a dead node's group runs again within about 20 s.
    /// </summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a node probes PostgreSQL and reports its health to the Dashboard (metric <c>alerting_cluster_storage_up</c>,
    /// the operators' banner; a node whose reports stop is shown lost). Default 5 s.
    /// </summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);
}
