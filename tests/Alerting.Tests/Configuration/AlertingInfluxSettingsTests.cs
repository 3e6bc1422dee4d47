using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Configuration;

/// <summary>A real InfluxDB with authentication on, for readers that must sign in.</summary>
public sealed class InfluxAuthServerFixture() : InfluxServerFixture(authEnabled: true, maxBodyBytes: 0);

public sealed class AlertingInfluxSettingsTests(InfluxAuthServerFixture influx) : IClassFixture<InfluxAuthServerFixture>
{
    [Fact]
    public async Task the_rules_read_an_influxdb_that_requires_sign_in_with_the_credentials_of_alerting_influx()
    {
        await using var signedIn = Build($"--Alerting:Influx:Username={InfluxServerFixture.AdminUser}", $"--Alerting:Influx:Password={InfluxServerFixture.AdminPassword}");
        await using var anonymous = Build();

        var answer = await signedIn.Services.GetRequiredService<InfluxReader>().QueryAsync("SHOW DATABASES");
        var refused = await Assert.ThrowsAnyAsync<InfluxException>(() => anonymous.Services.GetRequiredService<InfluxReader>().QueryAsync("SHOW DATABASES"));

        Assert.Contains(answer.Series.SelectMany(s => s.Values), row => row[0]?.ToString() == "supervision");
        Assert.Equal(401, refused.StatusCode);
    }

    [Theory]
    [InlineData("--Alerting:InfluxUrl=http://10.0.0.5:8086", "Alerting:InfluxUrl: this setting is now Alerting:Influx:Url")]
    [InlineData("--Alerting:QueryTimeout=00:00:30", "Alerting:QueryTimeout: this setting is now Alerting:Influx:Timeout")]
    [InlineData("--Alerting:Influx:Url=influx:8086", "Alerting:Influx:Url: 'influx:8086' is not an absolute http(s) URL")]
    public async Task a_setting_under_its_old_key_or_a_bad_influx_setting_stops_start_up_naming_the_key(string setting, string expected)
    {
        await using var app = Build(setting);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private WebApplication Build(params string[] settings)
    {
        var state = Path.Combine(Path.GetTempPath(), "alerting-settings-" + Guid.NewGuid().ToString("N") + ".db");
        return AlertingApp.Build([
            "--urls", "http://127.0.0.1:0", "--influx", influx.Url.ToString(), "--inventory", RepoPaths.NationalInventory,
            "--rules", RepoPaths.Combine("rules"), "--Alerting:SchedulerStore=memory", "--Alerting:EnableScheduler=false",
            "--Alerting:StatePath=" + state, "--Notifications:DatabasePath=" + state, "--Notifications:ConfigFile=" + RepoPaths.Combine("config", "notifications.yaml"),
            "--Logging:LogLevel:Default=None", .. settings]);
    }
}
