using Supervision.Alerting.Muting;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Contracts.Alerting;

namespace Supervision.Alerting.Tests.Engine;

/// <summary>The engine asks the same <see cref="MuteEvaluator"/> as the notification pipeline, so the wallboard and the pager agree.</summary>
public sealed class EngineMutingTests
{
    private const string Rules = """
        groups:
          - name: g
            rules:
              - name: target-down
                kind: down
                parameters: { statuses: [Down] }
        """;

    [Fact]
    public async Task an_open_maintenance_window_marks_only_its_provinces_alerts_silenced_and_closing_it_unmarks_them()
    {
        using var h = EngineHarness.Create(Rules);
        var window = new MaintenanceWindow(string.Empty, "Bảo trì mạng HCM", ["province=\"79\""], h.Now.AddMinutes(-1), h.Now.AddMinutes(30), null, null, "+07:00", string.Empty, "planned", h.Now);
        var (saved, errors) = await h.Maintenance.SaveAsync(window, "binh", h.Now, create: true, CancellationToken.None);
        Assert.Empty(errors);
        h.ScrapeAll(("26737", "edoc", 3), ("00004", "edoc", 3));
        await h.EvaluateAsync();
        Assert.True(h.Find("target-down", "26737")!.Silenced);
        Assert.False(h.Find("target-down", "00004")!.Silenced);

        await h.StepAsync(TimeSpan.FromMinutes(31), before: () => h.ScrapeAll(("26737", "edoc", 3), ("00004", "edoc", 3)));
        Assert.False(h.Find("target-down", "26737")!.Silenced);
        Assert.Contains(h.Sink.Batches.SelectMany(b => b), v => v.Labels["unit"] == "26737" && !v.Silenced && v.StateSince < h.Now);
        Assert.NotNull(saved);
    }
}
