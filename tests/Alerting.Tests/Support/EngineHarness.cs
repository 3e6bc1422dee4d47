using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Supervision.Alerting.Data;
using Supervision.Alerting.Engine;
using Supervision.Alerting.Evaluation;
using Supervision.Alerting.Muting;
using Supervision.Alerting.Notify;
using Supervision.Alerting.Notify.Store;
using Supervision.Alerting.Rules;
using Supervision.Alerting.State;
using Supervision.Core.Calendar;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Support;

/// <summary>The one builder for engine tests: rules as YAML, a fake clock, in-memory series, a real SQLite file.</summary>
internal sealed class EngineHarness : IDisposable
{
    /// <summary>Monday 23 November 2026, 09:00 in Vietnam: working time.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private EngineHarness(string rulesYaml, DateTimeOffset start, string dbPath, InMemoryMetricSource? source, IMetricSource? external = null, Inventory? fleet = null)
    {
        Inventory = fleet ?? Fleet;
        DbPath = dbPath;
        Time = new FakeTimeProvider(start);
        Source = source ?? new InMemoryMetricSource();
        var (groups, inhibits, errors) = RuleFileLoader.Parse(rulesYaml, "test.yaml");
        Assert.Empty(errors);
        Rules = new RuleRepository();
        Rules.Replace(new RuleSet(groups, inhibits));
        Store = new SqliteAlertStateStore(dbPath);
        Silences = new SilenceStore(Store);
        Calendar = WorkingCalendar.Load(RepoPaths.Holidays);
        Sink = new RecordingSink();
        Maintenance = new MaintenanceService(new KeyedJsonStore(new NotifyDatabase(Options.Create(new NotificationOptions { DatabasePath = dbPath }))));
        Engine = new AlertEngine(Store, new MuteEvaluator(Silences, Maintenance), Rules, new EvaluationContext(external ?? Source, Inventory, Calendar), [Sink],
            new AlertingMetrics(Metrics.NewCustomRegistry()), Options.Create(new AlertingOptions()), NullLogger<AlertEngine>.Instance);
    }

    public static Inventory Fleet { get; } = BuildFleet();

    public Inventory Inventory { get; }

    public string DbPath { get; }

    public FakeTimeProvider Time { get; }

    public InMemoryMetricSource Source { get; }

    public RuleRepository Rules { get; }

    public SqliteAlertStateStore Store { get; }

    public SilenceStore Silences { get; }

    public MaintenanceService Maintenance { get; }

    public WorkingCalendar Calendar { get; }

    public AlertEngine Engine { get; }

    public RecordingSink Sink { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public static EngineHarness Create(string rulesYaml, DateTimeOffset? start = null, string? dbPath = null, InMemoryMetricSource? source = null) =>
        new(rulesYaml, start ?? MondayMorning, dbPath ?? Path.Combine(Path.GetTempPath(), "alerting-test-" + Guid.NewGuid().ToString("N") + ".db"), source);

    /// <summary>An engine over another data source (a real InfluxDB) and inventory.</summary>
    public static EngineHarness Over(IMetricSource source, Inventory inventory, string rulesYaml, DateTimeOffset start) =>
        new(rulesYaml, start, Path.Combine(Path.GetTempPath(), "alerting-test-" + Guid.NewGuid().ToString("N") + ".db"), null, source, inventory);

    /// <summary>Reopens the same database and series as a restarted process would.</summary>
    public EngineHarness Restart(string rulesYaml)
    {
        var h = new EngineHarness(rulesYaml, Now, DbPath, Source);
        return h;
    }

    public Task EvaluateAsync() => Engine.EvaluateAllAsync(Now, CancellationToken.None);

    /// <summary>Advances the clock and evaluates, <paramref name="steps"/> times.</summary>
    public async Task StepAsync(TimeSpan by, int steps = 1, Action? before = null)
    {
        for (var i = 0; i < steps; i++)
        {
            Time.Advance(by);
            before?.Invoke();
            await EvaluateAsync();
        }
    }

    /// <summary>Writes one scrape point for a target of the fleet at the current time.</summary>
    public void Scrape(string unit, string system, int statusCode)
    {
        var t = Fleet.FindTarget(unit + "/" + system) ?? throw new ArgumentException($"no target {unit}/{system}");
        Source.Add("scrape", Tags(t), "status_code", statusCode, Now);
        Source.Add("scrape", Tags(t), "up", statusCode <= 1 ? 1 : 0, Now);
    }

    /// <summary>Every target of the fleet scraped Up, except those given with another status.</summary>
    public void ScrapeAll(params (string Unit, string System, int Code)[] exceptions)
    {
        foreach (var t in Fleet.Targets)
        {
            var code = 0;
            foreach (var e in exceptions)
            {
                if ((e.System == "*" || e.System == t.System) && (e.Unit == t.UnitId || (e.Unit.StartsWith('P') && t.ProvinceCode == e.Unit[1..])))
                {
                    code = e.Code;
                }
            }

            Scrape(t.UnitId, t.System, code);
        }
    }

    public void Add(string measurement, string unit, string system, string field, double value, DateTimeOffset? at = null, params (string, string)[] extra)
    {
        var t = Fleet.FindTarget(unit + "/" + system)!;
        var tags = Tags(t);
        foreach (var (k, v) in extra)
        {
            tags[k] = v;
        }

        Source.Add(measurement, tags, field, value, at ?? Now);
    }

    public AlertView? Find(string rule, string unit) =>
        Engine.Views.SingleOrDefault(v => v.Rule == rule && v.Labels.GetValueOrDefault("unit") == unit);

    public AlertState StateOf(string rule, string unit) => Find(rule, unit)?.State ?? AlertState.Inactive;

    public void Dispose()
    {
        Engine.Dispose();
        Maintenance.Dispose();
    }

    public static Dictionary<string, string> Tags(Target t)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["unit"] = t.UnitId,
            ["system"] = t.System,
            ["level"] = UnitLevelText.Of(t.Level),
        };
        if (t.ProvinceCode is not null)
        {
            d["province"] = t.ProvinceCode;
        }

        return d;
    }

    private static Inventory BuildFleet()
    {
        var units = new List<AdministrativeUnit>
        {
            new("central", "Trung ương", "Trung uong", UnitLevel.Central, null, "agency"),
            new("79", "Hồ Chí Minh", "Ho Chi Minh", UnitLevel.Province, "79", "city"),
            new("01", "Hà Nội", "Ha Noi", UnitLevel.Province, "01", "city"),
            new("26737", "Tân Định", "Tan Dinh", UnitLevel.Commune, "79", "ward"),
            new("26740", "Đa Kao", "Da Kao", UnitLevel.Commune, "79", "ward"),
            new("26743", "Bến Nghé", "Ben Nghe", UnitLevel.Commune, "79", "ward"),
            new("00004", "Ba Đình", "Ba Dinh", UnitLevel.Commune, "01", "ward"),
        };
        var targets = new List<Target>();
        var url = new Uri("http://127.0.0.1:9/");
        foreach (var u in units)
        {
            var systems = u.Level switch
            {
                UnitLevel.Central => new[] { "edoc", "portal" },
                UnitLevel.Province => ["edoc", "network", "dossier"],
                _ => ["edoc", "network", "dossier"],
            };
            foreach (var s in systems)
            {
                targets.Add(new Target(u.Id, s, u.Level == UnitLevel.Central ? null : u.ProvinceCode, u.Level, url, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10)));
            }
        }

        return new Inventory(units, targets);
    }

    internal sealed class RecordingSink : IAlertChangeSink
    {
        public List<IReadOnlyList<AlertView>> Batches { get; } = [];

        public void Publish(IReadOnlyList<AlertView> changed) => Batches.Add(changed);
    }
}
