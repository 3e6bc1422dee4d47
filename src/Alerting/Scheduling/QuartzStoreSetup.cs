namespace Supervision.Alerting.Scheduling;

/// <summary>
/// Quartz wiring: the ADO.NET job store in the alert-state SQLite file (Microsoft.Data.Sqlite), schema created
/// when missing (the script Quartz runs is shipped beside this file as <c>quartz-sqlite.sql</c>), the RAM store,
/// or — for a cluster — the clustered job store in the shared PostgreSQL database.
/// </summary>
internal static class QuartzStoreSetup
{
    /// <summary>Quartz's own misfire threshold: a run later than this is stale and its trigger's misfire rule decides.</summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(5);

    public static void Configure(IQuartzBuilder quartz, string store, string statePath)
    {
        if (string.Equals(store, "memory", StringComparison.OrdinalIgnoreCase))
        {
            quartz.UseInMemoryStore();
            return;
        }

        var full = Path.GetFullPath(statePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
        quartz.UsePersistentStore(s =>
        {
            s.UseSqlite(connection);
            s.UseSystemTextJsonSerializer(json => json.AddCalendarSerializer(new WorkingTimeCalendarSerializer()));
            s.ProvisionSchema();
            s.ConfigureStore(o => o.MisfireThreshold = MisfireThreshold);
        });
    }

    /// <summary>
    /// The clustered job store in PostgreSQL: every node runs the same jobs; Quartz's row lock makes each trigger
    /// fire on exactly one node, and a node whose check-in is late has its in-progress evaluations run again
    /// elsewhere. The scheduler name is shared (one cluster); the instance id is the node's name.
    /// </summary>
    public static void ConfigurePostgres(IQuartzBuilder quartz, string connectionString, string nodeName, PostgresStorageOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(cluster);
        quartz.ConfigureScheduler(o =>
        {
            o.InstanceName = "supervision-alerting";
            o.InstanceId = nodeName;
        });
        quartz.UsePersistentStore(s =>
        {
            s.UsePostgres(connectionString);
            s.UseSystemTextJsonSerializer(json => json.AddCalendarSerializer(new WorkingTimeCalendarSerializer()));
            s.ProvisionSchema();
            s.UseClustering(c =>
            {
                c.CheckinInterval = cluster.CheckinInterval;
                c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
            });
            s.ConfigureStore(o => o.MisfireThreshold = MisfireThreshold);
        });
    }
}
