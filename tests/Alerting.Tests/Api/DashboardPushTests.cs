using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Supervision.Alerting.Data;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Domain;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Api;

/// <summary>
/// Acknowledgements reach the Dashboard's ingest hub at once (a real SignalR hub on Kestrel stands in for the
/// Dashboard), and every acknowledgement, un-acknowledgement and silence is in the audit log.
/// </summary>
public sealed class DashboardPushTests : IAsyncLifetime
{
    private const string Rules = """
        groups:
          - name: availability
            interval: 1h
            rules:
              - name: target-down
                kind: down
                parameters: { statuses: [Down] }
                severity: critical
        """;

    private readonly InMemoryMetricSource _source = new();
    private readonly Channel<(AlertChangeBatch Batch, string? Key)> _received = Channel.CreateUnbounded<(AlertChangeBatch, string?)>();
    private WebApplication _dashboard = null!;
    private AlertingHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(_received.Writer);
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        _dashboard = builder.Build();
        _dashboard.MapHub<IngestProbeHub>(HubNames.IngestHubPath);
        await _dashboard.StartAsync();
        var url = _dashboard.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _host = await AlertingHost.StartAsync(Rules, _source, null, $"--Alerting:Dashboard:Url={url}", "--Alerting:Dashboard:ApiKey=ingest-key");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _dashboard.StopAsync();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task an_acknowledgement_and_its_removal_are_pushed_to_the_dashboard_and_audited_with_the_comment()
    {
        var now = TimeProvider.System.GetUtcNow();
        var inventory = (Inventory)_host.App.Services.GetService(typeof(Inventory))!;
        _source.Add("scrape", EngineHarness.Tags(inventory.FindTarget("26737/edoc")!), "status_code", 3, now.AddSeconds(-5));
        await _host.Engine.EvaluateAllAsync(now, CancellationToken.None);
        var firing = await NextAsync(v => v.State == AlertState.Firing && v.AcknowledgedBy is null);

        using (var ack = Request(HttpMethod.Post, $"/api/alerts/{firing.Id}/ack", new { by = "an", comment = "đang xử lý, gọi nhà mạng" }))
        {
            Assert.Equal(HttpStatusCode.OK, (await _host.Http.SendAsync(ack)).StatusCode);
        }

        var acked = await NextAsync(v => v.Id == firing.Id && v.AcknowledgedBy == "an");
        Assert.Equal(AlertState.Firing, acked.State);
        Assert.NotNull(acked.AcknowledgedAt);

        using (var unack = Request(HttpMethod.Delete, $"/api/alerts/{firing.Id}/ack", null))
        {
            unack.Headers.Add("X-User", "binh");
            Assert.Equal(HttpStatusCode.OK, (await _host.Http.SendAsync(unack)).StatusCode);
        }

        await NextAsync(v => v.Id == firing.Id && v.AcknowledgedBy is null);

        using (var silence = Request(HttpMethod.Post, "/api/silences", new { matchers = new[] { new { name = "unit", value = "26737" } }, endsAt = now.AddHours(1), createdBy = "chi", comment = "replacing the router" }))
        {
            Assert.Equal(HttpStatusCode.OK, (await _host.Http.SendAsync(silence)).StatusCode);
        }

        await NextAsync(v => v.Id == firing.Id && v.Silenced);
        var audit = (await _host.Http.GetFromJsonAsync<JsonElement[]>("/api/audit"))!;
        var ackEntry = Assert.Single(audit, e => e.GetProperty("action").GetString() == "alert.ack");
        Assert.Equal("an", ackEntry.GetProperty("actor").GetString());
        Assert.Equal(firing.Id, ackEntry.GetProperty("subject").GetString());
        Assert.Contains("gọi nhà mạng", JsonDocument.Parse(ackEntry.GetProperty("detail").GetString()!).RootElement.GetProperty("comment").GetString(), StringComparison.Ordinal);
        Assert.Equal("binh", Assert.Single(audit, e => e.GetProperty("action").GetString() == "alert.unack").GetProperty("actor").GetString());
        var silenceEntry = Assert.Single(audit, e => e.GetProperty("action").GetString() == "silence.create");
        Assert.Equal("chi", silenceEntry.GetProperty("actor").GetString());
        Assert.Contains("replacing the router", silenceEntry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        return request;
    }

    /// <summary>Reads pushed batches until an alert matches (bounded: a missing push fails the test, it is not a timing goal).</summary>
    private async Task<AlertView> NextAsync(Func<AlertView, bool> match)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var (batch, key) = await _received.Reader.ReadAsync(cts.Token);
            Assert.Equal("ingest-key", key);
            if (batch.Alerts.FirstOrDefault(match) is { } found)
            {
                return found;
            }
        }
    }

    /// <summary>Stands in for the Dashboard's ingest hub: records what Alerting pushes and the key it sent.</summary>
    public sealed class IngestProbeHub(ChannelWriter<(AlertChangeBatch, string?)> received) : Hub
    {
        public async Task PushAlertChanges(AlertChangeBatch batch) =>
            await received.WriteAsync((batch, Context.GetHttpContext()?.Request.Headers[HubNames.ApiKeyHeader].ToString()));
    }
}
