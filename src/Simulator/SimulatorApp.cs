using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;
using Supervision.Simulator.Endpoints;
using Supervision.Simulator.Scenarios;

namespace Supervision.Simulator;

/// <summary>
/// Builds the simulator web app. Program.cs only calls this; tests call it with their own services
/// (a FakeTimeProvider, an in-memory Inventory) registered first, which the app then keeps.
/// </summary>
public static class SimulatorApp
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--inventory"] = "Simulator:Inventory",
        ["--seed"] = "Simulator:Seed",
        ["--port"] = "Simulator:Port",
        ["--scenario"] = "Simulator:Scenario",
        ["--holidays"] = "Simulator:Holidays",
        ["--request-log"] = "Simulator:RequestLog",
    };

    // Host switches ASP.NET itself understands, accepted alongside ours.
    private static readonly HashSet<string> HostSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        "--urls", "--environment", "--contentRoot", "--applicationName",
    };

    /// <summary>Builds the app from command-line arguments, appsettings.json and environment variables.</summary>
    public static WebApplication Build(string[] args) => Build(args, null);

    /// <summary>Builds the app; <paramref name="configureServices"/> runs before the defaults are added (tests replace TimeProvider, Inventory, WorkingCalendar).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices)
    {
        ArgumentNullException.ThrowIfNull(args);
        CheckSwitches(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, Switches);
        var portText = builder.Configuration["Simulator:Port"] ?? "9100";
        if (!int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new OptionsValidationException(SimulatorOptions.Section, typeof(SimulatorOptions), [$"Simulator:Port (--port) '{portText}' is not a TCP port (0-65535)"]);
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        // One port serves the whole fleet: with Kestrel's default backlog of 512 the collector's first round of
        // connections overflowed it at start-up and a few scrapes were refused before the simulator saw them.
        builder.WebHost.UseSockets(o => o.Backlog = 4096);

        configureServices?.Invoke(builder.Services);
        var services = builder.Services;
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(FleetFactory.Build);
        services.AddSingleton<FaultStore>();
        services.AddSingleton<Fleet.RequestLog>();
        services.AddSingleton<MetricsRenderer>();
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<SimulatorTelemetry>();
        services.AddSingleton<TargetEndpoint>();
        services.AddHostedService<FleetWarmup>();
        services.AddHostedService<ScenarioRunner>();

        var app = builder.Build();
        var targets = new Lazy<TargetEndpoint>(app.Services.GetRequiredService<TargetEndpoint>);
        app.Use((context, next) =>
            context.Request.Path.StartsWithSegments("/t", StringComparison.Ordinal)
                ? targets.Value.HandleAsync(context)
                : next(context));
        app.MapControl();
        app.MapGet("/healthz", () => "ok");
        app.MapMetrics(settings => settings.Registry = app.Services.GetRequiredService<CollectorRegistry>());
        return app;
    }

    /// <summary>Builds, runs until shutdown, and turns start-up errors into a message and exit code 2 (no stack trace for a typo).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
            await app.StartAsync();
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync("simulator: cannot start: " + ex.Message);
            return 2;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>The address the app listens on, once started (tests start on port 0 and read it back).</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Urls.First());
    }

    private static void CheckSwitches(string[] args)
    {
        foreach (var arg in args)
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var name = arg.Split('=', 2)[0];
            if (!Switches.ContainsKey(name) && !HostSwitches.Contains(name) && !name.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"unknown option '{name}'; use {string.Join(", ", Switches.Keys)} (or --Section:Key=value)");
            }
        }
    }
}
