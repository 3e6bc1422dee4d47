using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using System.Text.RegularExpressions;
using Supervision.Core.Domain;
using Supervision.Core.Messages;

namespace Supervision.Dashboard.Tests.Api;

public sealed partial class MetricsTests
{
    [GeneratedRegex(@"^(?<name>[a-z_]+(\{[^}]*\})?) (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();

    private static async Task<Dictionary<string, double>> ScrapeAsync(Uri address)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(address, "/metrics"));
        return Sample().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    [Fact]
    public async Task metrics_count_connected_clients_messages_and_bytes_per_recipient_and_the_fan_out_latency()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var a = await Subscriber.JoinAsync(host.Address, HubNames.NationalGroup);
        await using var b = await Subscriber.JoinAsync(host.Address, HubNames.NationalGroup);
        await a.NextAsync(HubNames.Snapshot);
        await b.NextAsync(HubNames.Snapshot);
        var before = await ScrapeAsync(host.Address);
        Assert.Equal(2, before["supervision_dashboard_hub_clients"]);
        Assert.Equal(2, before["supervision_dashboard_messages_sent_total{kind=\"snapshot\"}"]);
        Assert.True(before["supervision_dashboard_bytes_sent_total{kind=\"snapshot\"}"] > 2 * 1000, "a national snapshot is kilobytes");

        await using var ingest = await host.IngestAsync();
        var now = TimeProvider.System.GetUtcNow();
        await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("c", [new TargetState("26737/edoc", TargetStatus.Down, StatusReason.Refused, null, now, now)]));
        await a.NextAsync(HubNames.Delta);
        await b.NextAsync(HubNames.Delta);

        // The histogram is observed after the sends are handed over, which may be just after the clients have them.
        var after = await ScrapeAsync(host.Address);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (after.GetValueOrDefault("supervision_dashboard_change_to_delta_seconds_count") == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
            after = await ScrapeAsync(host.Address);
        }

        Assert.Equal(2, after["supervision_dashboard_messages_sent_total{kind=\"delta\"}"]);
        Assert.True(after["supervision_dashboard_bytes_sent_total{kind=\"delta\"}"] > 0);
        Assert.Equal(1, after["supervision_dashboard_change_to_delta_seconds_count"]);
        Assert.True(after["supervision_dashboard_fanout_seconds_count"] >= 1);

        await a.DisposeAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await ScrapeAsync(host.Address))["supervision_dashboard_hub_clients"] != 1 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, (await ScrapeAsync(host.Address))["supervision_dashboard_hub_clients"]);
    }
}
