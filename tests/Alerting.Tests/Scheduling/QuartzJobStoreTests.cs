using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Supervision.Alerting.Scheduling;
using Supervision.Alerting.Tests.Support;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Scheduling;

/// <summary>Quartz's ADO.NET job store in the state SQLite file, with the shipped schema and the working-time calendar.</summary>
public sealed class QuartzJobStoreTests
{
    private const string Rules = """
        groups:
          - name: fast
            interval: 1s
            rules:
              - name: target-down
                kind: down
                parameters: { statuses: [Down] }
          - name: office
            interval: 5m
            working_hours: true
            rules:
              - name: overdue
                kind: stalled-procedures
                selector: { systems: [dossier] }
                parameters: { overdue_above: 20 }
        """;

    [Fact]
    public async Task the_shipped_sqlite_schema_is_the_one_the_pinned_quartz_provisions()
    {
        var assembly = typeof(Quartz.Impl.AdoJobStore.SQLiteDelegate).Assembly;
        await using var stream = assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_sqlite.sql");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var embedded = (await reader.ReadToEndAsync()).Replace("\r", string.Empty, StringComparison.Ordinal);
        var shipped = await File.ReadAllTextAsync(RepoPaths.Combine("src", "Alerting", "Scheduling", "quartz-sqlite.sql"));
        Assert.Equal(embedded, shipped);
    }

    [Fact]
    public async Task rule_group_jobs_triggers_and_the_working_time_calendar_live_in_the_state_database()
    {
        await using var host = await AlertingHost.StartAsync(Rules);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (host.Engine.RuleStatuses().Single(s => s.Name == "target-down").LastEvaluation is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the scheduler never ran the fast group");
            await Task.Delay(50);
        }

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(host.Folder, "alerting.db")};Pooling=False"))
        {
            await db.OpenAsync();
            using var triggers = db.CreateCommand();
            triggers.CommandText = "SELECT t.TRIGGER_NAME, t.MISFIRE_INSTR, t.CALENDAR_NAME FROM QRTZ_TRIGGERS t WHERE t.TRIGGER_GROUP = 'rule-groups' ORDER BY t.TRIGGER_NAME";
            var rows = new List<(string Name, int Misfire, string? Calendar)>();
            await using (var r = await triggers.ExecuteReaderAsync())
            {
                while (await r.ReadAsync())
                {
                    rows.Add((r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2)));
                }
            }

            Assert.Equal(["fast", "office"], rows.Select(r => r.Name));
            Assert.All(rows, r => Assert.Equal((int)SimpleTriggerMisfireInstruction.NextWithRemainingCount, r.Misfire));
            Assert.Null(rows[0].Calendar);
            Assert.Equal(WorkingTimeQuartzCalendar.Name, rows[1].Calendar);
        }

        // Read back through the store: the calendar is deserialized from its JSON with the holiday table.
        var scheduler = await host.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var calendar = Assert.IsType<WorkingTimeQuartzCalendar>(await scheduler.GetCalendar(WorkingTimeQuartzCalendar.Name));
        Assert.True(calendar.IsTimeIncluded(EngineHarness.MondayMorning));
        Assert.False(calendar.IsTimeIncluded(new DateTimeOffset(2026, 9, 2, 3, 0, 0, TimeSpan.Zero)), "National Day is off");
        Assert.False(calendar.IsTimeIncluded(new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero)), "Sunday is off");
    }
}
