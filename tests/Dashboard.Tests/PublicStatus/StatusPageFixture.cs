using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Dashboard.Live;
using Supervision.Dashboard.PublicStatus;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.PublicStatus;

/// <summary>
/// A real Dashboard over a real InfluxDB holding a week of hourly availability roll-ups, its clock fixed at <see cref="Now"/>
/// (10:30 in Vietnam): Hồ Chí Minh's portal is down for 20 minutes, with an alert whose text, labels and the target's
/// detail carry addresses and a person's name that must never reach the public page; Hà Nội's portal was down from
/// 07:00 to 07:30 (Vietnam time). The refresher builds once at start; the fixture then builds once more by hand (its
/// loop sleeps on the fixed clock) so the tracker has seen Hà Nội's outage end.
/// </summary>
public sealed class StatusPageFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 30, 0, TimeSpan.Zero);

    /// <summary>What must never be on the public page.</summary>
    public static readonly string[] Internal =
        ["SECRET-ALERT-SUMMARY", "Nguyễn Văn Trực", "10.20.30.40", "cong-dvc.hcm.internal", "127.0.0.1", "http://", "portal-refused", "Refused", "/t/79"];

    public InfluxServerFixture Influx { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public StatusPageRefresher Refresher => App.Services.GetRequiredService<StatusPageRefresher>();

    public async Task InitializeAsync()
    {
        await Influx.InitializeAsync();
        await Rollups().WriteAsync(Influx.Url);
        App = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", DashboardHost.Key,
            $"--Dashboard:Influx:Url={Influx.Url}",
            // The roll-ups written here are the 1-hour ones: read every window from them (the day cuts are CQ output).
            "--Dashboard:Summaries:Source=Hourly",
            "--Dashboard:Summaries:Warm=false",
            "--Logging:LogLevel:Default=Warning",
            .. TestUsers.Arguments()], Time);
        var live = App.Services.GetRequiredService<LiveState>();
        live.Apply([
            State("79", SystemCatalogue.Portal, TargetStatus.Down, Now.AddMinutes(-20)),
            State("79", SystemCatalogue.Dossier, TargetStatus.Up, Now.AddDays(-1)),
            State("01", SystemCatalogue.Portal, TargetStatus.Down, Now.AddHours(-3.5)),
            State("01", SystemCatalogue.Dossier, TargetStatus.Up, Now.AddDays(-1))]);
        live.Apply(new AlertChangeBatch([new AlertView(
            "a79", "portal-refused", AlertState.Firing, "critical",
            new Dictionary<string, string> { ["province"] = "79", ["unit"] = "79", ["system"] = "portal", ["instance"] = "10.20.30.40:443" },
            new Dictionary<string, string> { ["summary"] = "SECRET-ALERT-SUMMARY portal of 79 refused", ["runbook"] = "call Nguyễn Văn Trực" },
            Now.AddMinutes(-20), Now.AddMinutes(-19), null, Now.AddMinutes(-19), AcknowledgedBy: "Nguyễn Văn Trực", AcknowledgedAt: Now)]));
        await App.StartAsync();
        Address = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await WaitForAsync(() => Refresher.Builds >= 1, "the refresher's first build");

        live.Apply([State("01", SystemCatalogue.Portal, TargetStatus.Up, Now.AddHours(-3))]);
        await Refresher.RefreshAsync(CancellationToken.None);
    }

    public static TargetState State(string unit, string system, TargetStatus status, DateTimeOffset since, DateTimeOffset? observed = null) =>
        new(Target.MakeId(unit, system), status, status == TargetStatus.Down ? StatusReason.Refused : StatusReason.None,
            status == TargetStatus.Down ? "connect to http://cong-dvc.hcm.internal (10.20.30.40:443) refused" : null, since, observed ?? Now);

    /// <summary>
    /// Hồ Chí Minh: portal 239 of 240 scrapes up each hour of the week, 228 of 240 in today's 10 hours; dossier systems at
    /// province and commune level; e-documents all down (another system: must not count).
    /// </summary>
    private static RollupLines Rollups()
    {
        var lines = new RollupLines();
        var midnight = new DateTimeOffset(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);
        for (var hour = Now.AddHours(-0.5).AddDays(-7); hour < Now.AddHours(-0.5); hour = hour.AddHours(1))
        {
            var today = hour >= midnight;
            lines.SystemAvailability("79", "province", SystemCatalogue.Portal, hour, today ? 228 : 239, 240)
                .SystemAvailability("79", "province", SystemCatalogue.Dossier, hour, 240, 240)
                .SystemAvailability("79", "commune", SystemCatalogue.Dossier, hour, today ? 990 : 1000, 1000)
                .SystemAvailability("79", "province", SystemCatalogue.Edoc, hour, 0, 240);
        }

        return lines;
    }

    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "timed out waiting for " + what);
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Influx.DisposeAsync();
    }
}
