using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Api;

public sealed class LoggingDefaultsTests
{
    // At national load InfluxDB posts every accepted write to the live window: one request log each was ≈ 370 MB a day.
    [Fact]
    public async Task per_request_logs_are_off_by_default_while_the_services_own_logs_stay_on()
    {
        var folder = Path.Combine(Path.GetTempPath(), "alerting-logging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var app = AlertingApp.Build(["--urls=http://127.0.0.1:0", $"--Alerting:StatePath={Path.Combine(folder, "a.db")}", $"--Notifications:ConfigFile={RepoPaths.Combine("config", "notifications.yaml")}"]);
            var loggers = app.Services.GetRequiredService<ILoggerFactory>();
            Assert.True(loggers.CreateLogger("Supervision.Alerting.Engine.AlertEngine").IsEnabled(LogLevel.Information));
            Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
            Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
            Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.influx.LogicalHandler").IsEnabled(LogLevel.Information));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
