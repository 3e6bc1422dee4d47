using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Supervision.Collector.Parsing;
using Supervision.Core.Messages;

namespace Supervision.LoadHarness;

/// <summary>
/// What <c>soak --ha</c> checks beyond the one-node soak: that the two Alerting nodes share the rule work with each
/// group evaluated once per slot (their <c>alerting_group_evaluations_total</c> added up against the run's length over the
/// group's interval), and that both Dashboards serve walls (a status-hub client on each node, straight to its port, with
/// the session signed in through the proxy: snapshots and deltas counted per sample).
/// </summary>
public sealed partial class SoakCluster : IAsyncDisposable
{
    private readonly IReadOnlyList<Uri> _alerting;
    private readonly List<NodeWall> _walls;
    private readonly IReadOnlySet<string> _workingHoursGroups;
    private Dictionary<string, Dictionary<string, double>>? _first;
    private DateTimeOffset _firstAt;

    private SoakCluster(IReadOnlyList<Uri> alerting, List<NodeWall> walls, IReadOnlySet<string> workingHoursGroups)
    {
        _alerting = alerting;
        _walls = walls;
        _workingHoursGroups = workingHoursGroups;
    }

    /// <summary>Connects a wall to each Dashboard node (ports <paramref name="dashboardProxyPort"/> + 1 and + 2) with <paramref name="cookies"/>.</summary>
    public static async Task<SoakCluster> StartAsync(int alertingProxyPort, int dashboardProxyPort, CookieContainer cookies, string rulesFolder)
    {
        var walls = new List<NodeWall>();
        for (var n = 1; n <= 2; n++)
        {
            var wall = new NodeWall($"dashboard-{n}", new Uri($"http://127.0.0.1:{dashboardProxyPort + n}{HubNames.StatusHubPath}"), cookies);
            await wall.StartAsync();
            walls.Add(wall);
        }

        var alerting = Enumerable.Range(1, 2).Select(n => new Uri($"http://127.0.0.1:{alertingProxyPort + n}/metrics")).ToList();
        return new SoakCluster(alerting, walls, WorkingHoursGroups(rulesFolder));
    }

    /// <summary>The Alerting nodes' metrics addresses (each node's own port, not the proxy's).</summary>
    public IReadOnlyList<Uri> AlertingMetrics => _alerting;

    /// <summary>This sample's per-node figures: group passes since the last sample on each Alerting node, deltas on each wall.</summary>
    public async Task<ClusterSample> SampleAsync(HttpClient http, DateTimeOffset at)
    {
        var passes = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        for (var i = 0; i < _alerting.Count; i++)
        {
            var node = $"alerting-{i + 1}";
            var metrics = await MetricsAsync(http, _alerting[i]);
            passes[node] = GroupCounts(metrics);
            NoteLateness(node, metrics);
        }

        if (_first is null)
        {
            (_first, _firstAt) = (passes, at);
        }

        Last = passes;
        LastAt = at;
        return new ClusterSample(
            at,
            passes.ToDictionary(p => p.Key, p => p.Value.Values.Sum(), StringComparer.Ordinal),
            _walls.ToDictionary(w => w.Name, w => w.TakeSample(), StringComparer.Ordinal));
    }

    // Per node and group, the highest age / interval a node reported (rules/center.yaml pages at more than 3).
    private readonly Dictionary<(string Node, string Group), double> _lateness = [];

    private void NoteLateness(string node, List<Sample> metrics)
    {
        var intervals = metrics.Where(m => m.Name == "alerting_group_interval_seconds" && m.Value > 0).ToDictionary(m => m.Label("group") ?? string.Empty, m => m.Value, StringComparer.Ordinal);
        foreach (var age in metrics.Where(m => m.Name == "alerting_group_last_evaluation_age_seconds"))
        {
            if (age.Label("group") is { } group && intervals.TryGetValue(group, out var interval))
            {
                _lateness[(node, group)] = Math.Max(_lateness.GetValueOrDefault((node, group)), age.Value / interval);
            }
        }
    }

    private Dictionary<string, Dictionary<string, double>>? Last { get; set; }

    private DateTimeOffset LastAt { get; set; }

    /// <summary>The verdicts of the cluster goals over the samples taken, and the lines that explain them.</summary>
    public List<(string Goal, bool Held, string Detail)> Verdicts(IReadOnlyList<ClusterSample> samples, IReadOnlyDictionary<string, double> intervals)
    {
        var verdicts = new List<(string Goal, bool Held, string Detail)>();
        if (_first is null || Last is null || samples.Count == 0)
        {
            verdicts.Add(("cluster sampled", false, "no sample"));
            return verdicts;
        }

        var span = (LastAt - _firstAt).TotalSeconds;
        var lines = new List<string>();
        var offSlot = new List<string>();
        var perNode = Last.Keys.ToDictionary(n => n, _ => 0.0, StringComparer.Ordinal);
        foreach (var (group, interval) in intervals.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var counts = Last.Keys.ToDictionary(n => n, n => Last[n].GetValueOrDefault(group) - _first[n].GetValueOrDefault(group), StringComparer.Ordinal);
            var total = counts.Values.Sum();
            var slots = span / interval;
            foreach (var (node, count) in counts)
            {
                perNode[node] += count;
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{group} every {interval:0} s: {total:0} passes in {slots:0.0} slots ({string.Join(" / ", counts.Select(c => $"{c.Key} {c.Value:0}"))})"));
            if (total == 0 && _workingHoursGroups.Contains(group))
            {
                lines[^1] += " — a working-hours group, outside working time";
            }
            else if (Math.Abs(total - slots) > 1.5)
            {
                offSlot.Add(group);
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rule groups over {span / 60:0.0} min (both Alerting nodes):"));
        foreach (var line in lines)
        {
            Console.WriteLine("  " + line);
        }

        var all = perNode.Values.Sum();
        verdicts.Add(("each rule group evaluated once per slot (passes of both nodes = run / interval, ±1.5)", offSlot.Count == 0,
            offSlot.Count == 0 ? $"{intervals.Count} groups" : "off: " + string.Join(", ", offSlot)));
        verdicts.Add(("both Alerting nodes share the rule work", perNode.Values.All(v => v > 0),
            string.Join(", ", perNode.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0} passes ({(all > 0 ? 100 * p.Value / all : 0):0} %)")))));
        // Each node reports every group's age; in a cluster a group its peer ran must not look late on it
        // (center-rule-group-late pages at more than 3 intervals).
        var late = _lateness.Where(l => l.Value > 3).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key.Node} {l.Key.Group} {l.Value:0.0}")).ToList();
        verdicts.Add(("no rule group reported late by either node (age <= 3 intervals at every sample)", late.Count == 0 && _lateness.Count > 0,
            late.Count > 0 ? "late: " + string.Join(", ", late) : string.Create(CultureInfo.InvariantCulture, $"highest {(_lateness.Count == 0 ? 0 : _lateness.Values.Max()):0.00} intervals over {_lateness.Count} node-groups")));
        // A quiet spell of a sample period or two is normal (deltas go out on change); five minutes without one is not.
        var windows = samples.Select(s => (Sample: s, Window: (int)((s.At - samples[0].At).TotalMinutes / 5))).GroupBy(x => x.Window).ToList();
        foreach (var wall in _walls)
        {
            var mine = samples.Select(s => s.Walls[wall.Name]).ToList();
            var quiet = windows.Count(w => w.Sum(x => x.Sample.Walls[wall.Name].Deltas) == 0);
            var drops = mine.Sum(w => w.Drops);
            var away = mine.Count(w => !w.Connected);
            verdicts.Add(($"{wall.Name} serves a wall: snapshot on joining, deltas in every 5 minutes, connected at every sample",
                wall.Snapshots > 0 && quiet == 0 && drops == 0 && away == 0,
                $"{wall.Snapshots} snapshots, {mine.Sum(w => w.Deltas)} deltas in {mine.Count(w => w.Deltas > 0)}/{mine.Count} sample periods, {quiet}/{windows.Count} quiet 5-minute windows, {drops} drops, {away} samples not connected"));
        }

        return verdicts;
    }

    /// <summary>Each group's evaluation interval in seconds, as the Alerting nodes report it.</summary>
    public async Task<Dictionary<string, double>> IntervalsAsync(HttpClient http)
    {
        var intervals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var url in _alerting)
        {
            foreach (var s in await MetricsAsync(http, url))
            {
                if (s.Name == "alerting_group_interval_seconds" && s.Label("group") is { } group && s.Value > 0)
                {
                    intervals[group] = s.Value;
                }
            }
        }

        return intervals;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var wall in _walls)
        {
            await wall.DisposeAsync();
        }
    }

    private static Dictionary<string, double> GroupCounts(List<Sample> metrics)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in metrics)
        {
            if (s.Name == "alerting_group_evaluations_total" && s.Label("group") is { } group)
            {
                counts[group] = counts.GetValueOrDefault(group) + s.Value;
            }
        }

        return counts;
    }

    private static async Task<List<Sample>> MetricsAsync(HttpClient http, Uri url)
    {
        var (samples, error) = ExpositionParser.ParseToList(await http.GetStringAsync(url), ExpositionFormat.PrometheusText);
        return error is null ? samples : throw new InvalidOperationException($"{url}: {error}");
    }

    // Groups marked working_hours: true in the rules folder: outside working time they have no pass, by design.
    private static HashSet<string> WorkingHoursGroups(string folder)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml"))
        {
            string? current = null;
            foreach (var line in File.ReadLines(file))
            {
                if (GroupLine().Match(line) is { Success: true } m)
                {
                    current = m.Groups[1].Value;
                }
                else if (current is not null && WorkingHoursLine().IsMatch(line))
                {
                    groups.Add(current);
                }
            }
        }

        return groups;
    }

    [GeneratedRegex(@"^  - name:\s*(\S+)\s*$")]
    private static partial Regex GroupLine();

    [GeneratedRegex(@"^    working_hours:\s*true\s*$")]
    private static partial Regex WorkingHoursLine();

    // A wallboard on one node: the national group, snapshots and deltas counted; a lost connection is counted and
    // joined again (a real wall's client reconnects too).
    private sealed class NodeWall(string name, Uri hub, CookieContainer cookies) : IAsyncDisposable
    {
        private readonly HubConnection _connection = new HubConnectionBuilder()
            .WithUrl(hub, o => o.Cookies = cookies)
            .WithAutomaticReconnect()
            .Build();

        private int _snapshots;
        private int _deltas;
        private int _drops;

        public string Name => name;

        public int Snapshots => Volatile.Read(ref _snapshots);

        public async Task StartAsync()
        {
            _connection.On<JsonElement>(HubNames.Snapshot, _ => Interlocked.Increment(ref _snapshots));
            _connection.On<JsonElement>(HubNames.Delta, _ => Interlocked.Increment(ref _deltas));
            _connection.Reconnecting += _ =>
            {
                Interlocked.Increment(ref _drops);
                return Task.CompletedTask;
            };
            _connection.Reconnected += async _ => await _connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
            await _connection.StartAsync();
            await _connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
        }

        public WallSample TakeSample() =>
            new(Interlocked.Exchange(ref _deltas, 0), Interlocked.Exchange(ref _drops, 0), _connection.State == HubConnectionState.Connected);

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}

/// <summary>One sample of the cluster: group passes per Alerting node so far (its counters), and each wall's period (deltas; "!" when not connected).</summary>
public sealed record ClusterSample(DateTimeOffset At, IReadOnlyDictionary<string, double> Passes, IReadOnlyDictionary<string, WallSample> Walls)
{
    /// <summary>The printed part of the sample line.</summary>
    public string Line => string.Join(' ', Passes.Values.Select(p => p.ToString("0", CultureInfo.InvariantCulture)))
        + " " + string.Join(' ', Walls.Values.Select(w => $"{w.Deltas}{(w.Connected ? string.Empty : "!")}"));
}

/// <summary>One wall's sample period: deltas received, connections lost, connected at the sample.</summary>
public sealed record WallSample(int Deltas, int Drops, bool Connected);
