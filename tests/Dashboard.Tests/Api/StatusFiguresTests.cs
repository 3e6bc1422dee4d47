using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Supervision.Core.Messages;

namespace Supervision.Dashboard.Tests.Api;

public sealed class StatusFiguresTests
{
    [Fact]
    public async Task api_status_carries_the_figures_the_collectors_pushed_and_says_when_none_came()
    {
        await using var host = await DashboardHost.StartAsync();
        using var http = TestUsers.Client(host.Address, await TestUsers.SignInAsync(host.Address, TestUsers.Viewer));
        var before = (await http.GetFromJsonAsync<JsonElement>("/api/status")).GetProperty("figures");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("documentsPerMinute").ValueKind);
        Assert.Contains("no collector", before.GetProperty("stale").GetProperty("reason").GetString(), StringComparison.Ordinal);

        await using var ingest = await host.IngestAsync();
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(7)).DateTime);
        await ingest.InvokeAsync(HubNames.PushFigures, new FigureReport("collector-0of2", now, today, 120, 3400, 57, 1600, 1600));
        await ingest.InvokeAsync(HubNames.PushFigures, new FigureReport("collector-1of2", now, today, 80, 1600, 43, 1600, 1600));

        var figures = (await http.GetFromJsonAsync<JsonElement>("/api/status")).GetProperty("figures");
        Assert.Equal(200, figures.GetProperty("documentsPerMinute").GetDouble());
        Assert.Equal(5000, figures.GetProperty("dossiersResolvedToday").GetDouble());
        Assert.Equal(100, figures.GetProperty("overdueDossiers").GetDouble());
        Assert.Equal(now, figures.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("stale").ValueKind);
    }
}
