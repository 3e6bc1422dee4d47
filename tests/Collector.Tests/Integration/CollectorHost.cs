using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Collector.Parsing;
using Supervision.Core.Domain;
using Supervision.Core.Influx;

namespace Supervision.Collector.Tests.Integration;

/// <summary>The builder every collector integration test uses: an inventory file, a real collector on 127.0.0.1:0.</summary>
public sealed class CollectorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private CollectorHost(WebApplication app, string dir, Uri address)
    {
        _app = app;
        _dir = dir;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>The collector's services (its trackers, after a stop, hold what it scraped).</summary>
    public IServiceProvider Services => _app.Services;

    public HttpClient Client { get; }

    public string InventoryPath => Path.Combine(_dir, "inventory.yaml");

    public string BufferDirectory => Path.Combine(_dir, "buffer");

    /// <summary>Writes an inventory of <paramref name="units"/> (YAML unit lines) served at <paramref name="baseUrl"/>.</summary>
    public static string Inventory(string baseUrl, TimeSpan interval, TimeSpan timeout, params string[] units)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 1").AppendLine("defaults:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  baseUrl: \"{baseUrl.TrimEnd('/')}/t/{{unit}}/{{system}}\"");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  interval: {(int)interval.TotalMilliseconds}ms");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  timeout: {(int)timeout.TotalMilliseconds}ms");
        yaml.AppendLine(units.Length == 0 ? "units: []" : "units:");
        foreach (var unit in units)
        {
            yaml.AppendLine("  - " + unit);
        }

        return yaml.ToString();
    }

    /// <summary>
    /// A fresh folder holding <paramref name="inventoryYaml"/> and the arguments of a collector that scrapes
    /// it into <paramref name="database"/> with a short flush interval; <paramref name="extra"/> come last and win.
    /// </summary>
    public static async Task<(string Dir, string[] Args)> PrepareAsync(string inventoryYaml, Uri influx, string database, string urls, params string[] extra)
    {
        var dir = Path.Combine(Path.GetTempPath(), "supervision-collector-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "inventory.yaml"), inventoryYaml);
        return (dir, [
            "--urls", urls,
            "--inventory", Path.Combine(dir, "inventory.yaml"),
            "--buffer", Path.Combine(dir, "buffer"),
            $"--Collector:Influx:Url={influx}",
            $"--Collector:Influx:Database={database}",
            "--Collector:Write:FlushInterval=00:00:00.300",
            "--Collector:Influx:Timeout=00:00:02",
            "--Collector:InventoryPollInterval=00:00:00.300",
            "--Logging:LogLevel:Default=Warning",
            .. extra]);
    }

    public static Task<CollectorHost> StartAsync(string inventoryYaml, Uri influx, string database, params string[] extra) =>
        StartAsync(null, inventoryYaml, influx, database, extra);

    /// <summary>As above, on <paramref name="time"/> (a fake clock for waits of minutes); HTTP stays real.</summary>
    public static async Task<CollectorHost> StartAsync(TimeProvider? time, string inventoryYaml, Uri influx, string database, params string[] extra)
    {
        var (dir, args) = await PrepareAsync(inventoryYaml, influx, database, "http://127.0.0.1:0", extra);
        var app = CollectorApp.Build(args, time);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new CollectorHost(app, dir, address);
    }

    /// <summary>Every target's state as the collector reports it.</summary>
    public async Task<IReadOnlyList<TargetState>> TargetsAsync() =>
        (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<TargetState[]>(Client, "/api/targets"))!;

    /// <summary>The sum of a metric family's samples on the collector's /metrics.</summary>
    public Task<double> MetricAsync(string name) => MetricAsync(Client, name);

    /// <summary>The sum of a metric family's samples on the /metrics of the collector behind <paramref name="client"/>.</summary>
    public static async Task<double> MetricAsync(HttpClient client, string name)
    {
        var (samples, error) = ExpositionParser.ParseToList(await client.GetStringAsync("/metrics"));
        Assert.Null(error);
        return samples.Where(s => s.Name == name).Sum(s => s.Value);
    }

    /// <summary>The sum of a metric family's samples whose label <paramref name="label"/> is <paramref name="value"/> (e.g. one InfluxDB server's).</summary>
    public async Task<double> MetricAsync(string name, string label, string value)
    {
        var (samples, error) = ExpositionParser.ParseToList(await Client.GetStringAsync("/metrics"));
        Assert.Null(error);
        return samples.Where(s => s.Name == name && s.Labels.Any(l => l.Key == label && l.Value == value)).Sum(s => s.Value);
    }

    /// <summary>Stops the collector as a SIGTERM would: scrapes in flight finish, everything is written out.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Client.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a buffer file still open by a late writer; the temp folder is cleaned by the OS
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        EventuallyAsync(condition, timeout, () => Task.FromResult(what));

    /// <summary>As above; <paramref name="describe"/> tells, on timeout, what was last seen.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds} s waiting for: {await describe()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Counts the rows of a single-value query, 0 when empty.</summary>
    public static async Task<double> CountAsync(InfluxClient client, string query)
    {
        var series = (await client.QueryAsync(query)).Series;
        return series.Sum(s => s.Double(0, s.Columns[1]) ?? 0);
    }
}
