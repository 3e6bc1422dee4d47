using Microsoft.Data.Sqlite;
using Quartz;

namespace Supervision.Alerting.Scheduling;

/// <summary>
/// Quartz wiring: the ADO.NET job store in the alert-state SQLite file (Microsoft.Data.Sqlite), schema created
/// when missing (the script Quartz runs is shipped beside this file as <c>quartz-sqlite.sql</c>), or the RAM store.
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
}
