using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Alerting.Data;
using Supervision.Alerting.Engine;
using Supervision.Alerting.Scheduling;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Support;

/// <summary>The real service on Kestrel 127.0.0.1:0 with a temp folder for rules and state.</summary>
internal sealed class AlertingHost : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    private AlertingHost(WebApplication app, string folder, Uri address)
    {
        App = app;
        Folder = folder;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public string RulesFolder => Path.Combine(Folder, "rules");

    public Uri Address { get; }

    public HttpClient Http { get; }

    public AlertEngine Engine => App.Services.GetRequiredService<AlertEngine>();

    public RuleReloader Reloader => App.Services.GetRequiredService<RuleReloader>();

    public static Task<AlertingHost> StartAsync(string rulesYaml, IMetricSource? source = null, string? folder = null, params string[] extra) =>
        StartAsync(rulesYaml, source is null ? null : services => services.AddSingleton(source), folder, extra);

    /// <summary>Starts the service with its registrations changed by <paramref name="configure"/> (the last registration wins).</summary>
    public static async Task<AlertingHost> StartAsync(string rulesYaml, Action<IServiceCollection>? configure, string? folder = null, params string[] extra)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "alerting-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        await File.WriteAllTextAsync(Path.Combine(folder, "rules", "rules.yaml"), rulesYaml);
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            $"--Alerting:RulesFolder={Path.Combine(folder, "rules")}",
            $"--Alerting:StatePath={Path.Combine(folder, "alerting.db")}",
            $"--Alerting:InventoryPath={RepoPaths.NationalInventory}",
            $"--Alerting:HolidaysPath={RepoPaths.Holidays}",
            "--Alerting:RulesReloadInterval=00:00:00.100",
            $"--Alerting:ApiKey={ApiKey}",
            $"--Notifications:DatabasePath={Path.Combine(folder, "alerting.db")}",
            $"--Notifications:ConfigFile={RepoPaths.Combine("config", "notifications.yaml")}",
            .. extra,
        ];
        var app = AlertingApp.Build(args, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new AlertingHost(app, folder, new Uri(address));
        await host.WaitForRulesAsync();
        return host;
    }

    public async Task WaitForRulesAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!Engine.RuleStatuses().Any())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "rules were not loaded in time");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
