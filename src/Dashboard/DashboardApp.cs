using MudBlazor.Services;
using Prometheus;
using Supervision.Core.InventoryFiles;
using Supervision.Dashboard.Api;
using Supervision.Dashboard.Boards;
using Supervision.Dashboard.Components;
using Supervision.Dashboard.Hubs;
using Supervision.Dashboard.Kiosk;
using Supervision.Dashboard.PublicStatus;
using Supervision.Dashboard.Reports;

namespace Supervision.Dashboard;

/// <summary>Builds the Dashboard's host: one place that wires the parts (README).</summary>
public static class DashboardApp
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--inventory"] = "Dashboard:InventoryPath",
        ["--influx"] = "Dashboard:Influx:Url",
        ["--ingest-key"] = "Dashboard:IngestApiKeys:0",
        ["--users"] = SecurityOptions.Section + ":" + nameof(SecurityOptions.UsersFile),
    };

    /// <summary>Builds the web application; <paramref name="time"/> replaces the clock in tests.</summary>
    public static WebApplication Build(string[] args, TimeProvider? time = null)
    {
        var builder = ServiceHost.CreateBuilder(args, SwitchMappings, "http://127.0.0.1:5000");
        builder.Configuration.AddUsersFile(args, SwitchMappings);
        builder.WebHost.UseStaticWebAssets();
        builder.Environment.ApplicationName = typeof(DashboardApp).Assembly.GetName().Name!;

        var services = builder.Services;
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddValidatedOptions<DashboardOptions, DashboardOptionsValidator>(builder.Configuration, DashboardOptions.Section);
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<DashboardOptions>>().Value.InventoryPath;
            var result = InventoryLoader.LoadFile(path);
            return result.Inventory ?? throw new InvalidOperationException("Invalid inventory:" + Environment.NewLine + string.Join(Environment.NewLine, result.Errors));
        });
        services.AddSingleton(_ => new DashboardTelemetry(Metrics.NewCustomRegistry()));
        services.AddSingleton<NationalFigureStore>();
        services.AddSingleton<ExpositionProblemStore>();
        services.AddSingleton<LiveState>();
        services.AddSingleton<HubGroupSizes>();
        services.AddSingleton<InfluxQueries>();
        services.AddSummaries(builder.Configuration);
        services.AddReports(builder.Configuration);
        services.AddHttpClient("influx");
        services.AddHostedService<StateRebuilder>();
        services.AddHostedService<DeltaBroadcaster>();
        services.AddSingleton<BoardCatalog>();
        services.AddSingleton<PanelQueryCache>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitCounter>();
        services.AddHostedService<BoardWatcher>();
        services.AddSingleton<StatusPageCache>();
        services.AddSingleton<StatusPageRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusPageRefresher>());
        services.AddSignalR()
            .AddJsonProtocol(o => HubJson.Configure(o.PayloadSerializerOptions))
            // A collector's snapshot of a whole shard (13,527 targets nationally) is a few MB.
            .AddHubOptions<IngestHub>(o => o.MaximumReceiveMessageSize = 64L * 1024 * 1024)
            .AddHubOptions<StatusHub>(o => o.AddFilter<StatusHubAccessFilter>())
            .AddDashboardCluster(builder.Configuration);
        services.AddDashboardSecurity(builder.Configuration);
        services.AddOnCallConsole(builder.Configuration);
        services.ConfigureHttpJsonOptions(o => HubJson.Configure(o.SerializerOptions));
        services.AddDashboardOpenApi();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        var app = builder.Build();
        var keys = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.IngestApiKeys;
        app.UseIngestApiKeys(keys);
        app.UseKioskGate();
        app.UseUiLanguageCookie();
        app.UseDashboardSecurity();
        app.UseAntiforgery();
        // Named explicitly: by default the manifest is looked up by the entry assembly's name, which is
        // the test host's when the Dashboard runs inside a test.
        app.MapStaticAssets(Path.Combine(Path.GetDirectoryName(typeof(DashboardApp).Assembly.Location)!, "Supervision.Dashboard.staticwebassets.endpoints.json")).AllowAnonymous();
        // Degraded (still 200: the node serves, a proxy must keep it) while this node cannot reach Redis.
        // Also degraded while reads fail over from the first InfluxDB server (docs/ha.md).
        app.MapGet("/healthz", (Cluster.ClusterHealth health, InfluxQueries queries) =>
        {
            List<string> problems = [.. health.Current().Nodes.FirstOrDefault(n => n.Service == ClusterServices.Dashboard && n.Node == health.Self)?.Problems.Select(p => p.Code) ?? []];
            if (queries.Reader is { Degraded: true })
            {
                problems.Add(InfluxReaderHealthCheck.Name);
            }

            return Results.Text(problems.Count > 0 ? "degraded: " + string.Join(", ", problems) : "ok");
        }).AllowAnonymous();
        var telemetry = app.Services.GetRequiredService<DashboardTelemetry>();
        if (app.Services.GetRequiredService<InfluxQueries>().Reader is { } reader)
        {
            telemetry.ExportReads(reader);
        }

        var live = app.Services.GetRequiredService<LiveState>();
        telemetry.RefreshBeforeScrape(app.Services.GetRequiredService<TimeProvider>(), () => live.Figures.Current().Stale is not null);
        app.MapMetrics("/metrics", telemetry.Registry).AllowAnonymous();
        app.MapSignIn();
        app.MapConsoleApi();
        app.MapStatusApi();
        app.MapSummaryApi();
        app.MapReports();
        app.MapStatusPage();
        app.MapOpenApi(); // /openapi/v1.json; sign-in required by the fallback policy (DashboardOpenApi says why)
        app.MapHub<StatusHub>(HubNames.StatusHubPath).RequireAuthorization(Policies.StatusRead);
        app.MapHub<IngestHub>(HubNames.IngestHubPath).AllowAnonymous(); // its own API-key check (UseIngestApiKeys)
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().Add(AnonymousRoutes.Apply);
        return app;
    }
}
