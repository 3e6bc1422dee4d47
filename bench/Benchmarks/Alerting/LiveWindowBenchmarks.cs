using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Supervision.Alerting.Data;
using Supervision.Alerting.Window;
using Supervision.Alerting.Rules;

namespace Supervision.Benchmarks.Alerting;

/// <summary>A clock the benchmark moves by hand.</summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A scrape round of the national fleet as InfluxDB's subscription posts it, with timestamps patched in place.</summary>
internal sealed class FleetRound
{
    public const int Targets = 13_527;
    private static readonly string[] Systems = ["network", "edoc", "dossier", "portal"];
    private readonly List<int> _stampOffsets = new(Targets);

    public FleetRound()
    {
        var sb = new StringBuilder(Targets * 140);
        for (var i = 0; i < Targets; i++)
        {
            var province = (i % 34).ToString("00", CultureInfo.InvariantCulture);
            var unit = (10_000 + (i / 4)).ToString(CultureInfo.InvariantCulture);
            var line = $"scrape,collector=c0,level=commune,province={province},shard=0,system={Systems[i % 4]},unit={unit} duration_seconds=0.012,status_code={(i % 97 == 0 ? 3 : 0)}i,up={(i % 97 == 0 ? 0 : 1)}i ";
            sb.Append(line);
            _stampOffsets.Add(Encoding.UTF8.GetByteCount(sb.ToString()));
            sb.Append("0000000000000000000\n");
        }

        Body = Encoding.UTF8.GetBytes(sb.ToString());
    }

    public byte[] Body { get; }

    /// <summary>Every line stamped <paramref name="at"/> (19-digit Unix nanoseconds, as InfluxDB writes them).</summary>
    public void Stamp(DateTimeOffset at)
    {
        var digits = Encoding.ASCII.GetBytes(((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString("D19", CultureInfo.InvariantCulture));
        foreach (var offset in _stampOffsets)
        {
            digits.CopyTo(Body.AsSpan(offset));
        }
    }
}

/// <summary>
/// The live window taking the fleet's scrapes from InfluxDB's subscription: one national round (13,527 lines) per
/// operation, 30 s apart, in a window that keeps 65 minutes (so it holds about 130 points per series and drops as
/// much as it takes).
/// </summary>
[MemoryDiagnoser]
public class LiveWindowIngestBenchmarks
{
    private readonly FleetRound _round = new();
    private SteppedClock _clock = null!;
    private LiveWindow _window = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clock = new SteppedClock(DateTimeOffset.FromUnixTimeSeconds(1_796_000_000));
        _window = new LiveWindow(_clock, LiveWindowOptions.DefaultKeep, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 140; i++)
        {
            Round();
        }
    }

    /// <summary>One national round.</summary>
    [Benchmark(OperationsPerInvoke = FleetRound.Targets)]
    public int Round()
    {
        _clock.Now = _clock.Now.AddSeconds(30);
        _round.Stamp(_clock.Now);
        return _window.Ingest(_round.Body, 1).Stored;
    }
}

/// <summary>The default rules' fleet-wide questions asked of a full window (13,527 targets, 65 minutes at 30 s).</summary>
[MemoryDiagnoser]
public class LiveWindowQueryBenchmarks
{
    private static readonly string[] TargetTags = ["unit", "province", "system", "level"];
    private static readonly string[] UnitTags = ["unit", "province", "level"];
    private SteppedClock _clock = null!;
    private LiveWindow _window = null!;

    [GlobalSetup]
    public void Setup()
    {
        var round = new FleetRound();
        _clock = new SteppedClock(DateTimeOffset.FromUnixTimeSeconds(1_796_000_000));
        _window = new LiveWindow(_clock, LiveWindowOptions.DefaultKeep, TimeSpan.FromMinutes(1));
        _window.AssumeCompleteSince(_clock.Now);
        for (var i = 0; i < 130; i++)
        {
            _clock.Now = _clock.Now.AddSeconds(30);
            round.Stamp(_clock.Now);
            _window.Ingest(round.Body, 1);
        }
    }

    /// <summary><c>down</c>/<c>absent</c>: the last status of every target over 5 minutes.</summary>
    [Benchmark]
    public int LastStatusOfEveryTarget() => Ask(new SeriesQuery("scrape", "status_code", Aggregate.Last, _clock.Now.AddMinutes(-5), _clock.Now, TargetTags, RuleSelector.Any));

    /// <summary>The hour-long availability rule: mean of <c>up</c> per unit over the hour, only the units below 0.9.</summary>
    [Benchmark]
    public int HourOfUpPerUnit() => Ask(new SeriesQuery("scrape", "up", Aggregate.Mean, _clock.Now.AddHours(-1), _clock.Now, UnitTags, RuleSelector.Any) { Where = new ValueFilter("<", 0.9) });

    private int Ask(SeriesQuery query) => _window.TryQuery(query, out var rows) ? rows.Count : throw new InvalidOperationException("not answered");
}
