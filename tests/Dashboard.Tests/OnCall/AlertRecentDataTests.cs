using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.Messages;
using Supervision.Dashboard.Configuration;
using Supervision.Dashboard.OnCall;
using Supervision.Dashboard.Queries;
using Supervision.Dashboard.Security;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.OnCall;

/// <summary>
/// The console's recent data of an opened alert, read from a real InfluxDB holding scrapes of the last hour
/// (the real clock: the last-scrapes read counts back from InfluxDB's own now()).
/// </summary>
public sealed class AlertRecentDataTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>, IDisposable
{
    private const string TanDinh = "26737";
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task an_opened_alert_shows_its_systems_status_history_and_last_scrapes()
    {
        var now = TimeProvider.System.GetUtcNow();
        // Two scrapes in one 5-minute bucket (buckets start on multiples of 5 minutes).
        var early = DateTimeOffset.FromUnixTimeSeconds(now.AddMinutes(-50).ToUnixTimeSeconds() / 300 * 300);
        await WriteScrapesAsync(
            (TanDinh, "dossier", early.AddSeconds(10), TargetStatus.Up),
            (TanDinh, "dossier", early.AddSeconds(20), TargetStatus.Down),
            (TanDinh, "dossier", now.AddMinutes(-20), TargetStatus.Down),
            (TanDinh, "dossier", now.AddMinutes(-2), TargetStatus.Degraded),
            (TanDinh, "edoc", now.AddMinutes(-10), TargetStatus.Up),
            (TanDinh, "dossier", now.AddMinutes(-90), TargetStatus.Down));
        var loader = Loader(now.AddSeconds(1));

        var dossier = await loader.LoadAsync(User(), Alert(TanDinh, "dossier"), default);

        Assert.Null(dossier.Note);
        Assert.Equal("dossier", dossier.System);
        var history = Assert.Single(dossier.History);
        Assert.Equal("dossier", history.System);
        // Three 5-minute buckets hold scrapes; the one 90 minutes ago is outside the hour.
        Assert.Equal(3, history.Buckets.Count);
        Assert.Equal([TargetStatus.Down, TargetStatus.Down, TargetStatus.Degraded], history.Buckets.Select(b => b.Worst));
        Assert.Equal(0.5, history.Buckets[0].UpShare, 9);
        Assert.Equal(2, history.Buckets[0].Scrapes);
        Assert.True(history.Buckets[0].At < history.Buckets[1].At && history.Buckets[1].At < history.Buckets[2].At);
        Assert.Equal(["Degraded", "Down", "Down", "Up"], dossier.Scrapes.Select(s => s.Status));
        Assert.All(dossier.Scrapes, s => Assert.Equal("dossier", s.System));

        var unitWide = await loader.LoadAsync(User(), Alert(TanDinh, system: null), default);
        Assert.Equal(["dossier", "edoc"], unitWide.History.Select(h => h.System));
        Assert.Contains(unitWide.Scrapes, s => s.System == "edoc");
    }

    [Fact]
    public async Task a_user_bound_to_another_province_cannot_read_it()
    {
        var loader = Loader(TimeProvider.System.GetUtcNow());

        var refused = await Assert.ThrowsAsync<ConsoleAccessDeniedException>(() => loader.LoadAsync(User("01"), Alert(TanDinh, "dossier"), default));

        Assert.Contains("outside the provinces", refused.Message, StringComparison.Ordinal);
        var allowed = await loader.LoadAsync(User("79"), Alert(TanDinh, "dossier"), default);
        Assert.Equal(TanDinh, allowed.Unit);
    }

    [Fact]
    public async Task an_alert_without_a_known_unit_says_why_there_is_no_data()
    {
        var loader = Loader(TimeProvider.System.GetUtcNow());

        var provinceWide = await loader.LoadAsync(User(), Alert(unit: null, "dossier"), default);
        var unknown = await loader.LoadAsync(User(), Alert("99999' OR unit =~ /.*/ --", "dossier"), default);

        Assert.Contains("names no unit", provinceWide.Note, StringComparison.Ordinal);
        Assert.Empty(provinceWide.History);
        Assert.Contains("not in the inventory", unknown.Note, StringComparison.Ordinal);
        Assert.Empty(unknown.Scrapes);
    }

    private AlertRecentDataLoader Loader(DateTimeOffset now)
    {
        var options = Options.Create(new DashboardOptions { Influx = new InfluxOptions { Url = influx.Url.ToString(), Gzip = false } });
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);
        return new AlertRecentDataLoader(new InfluxQueries(_services.GetRequiredService<IHttpClientFactory>(), options), TestInventory.Value, time);
    }

    private static ClaimsPrincipal User(params string[] provinces) =>
        new(new ClaimsIdentity(provinces.Select(p => new Claim(DashboardClaims.Province, p)), "test"));

    private static AlertView Alert(string? unit, string? system)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["province"] = "79" };
        if (unit is not null)
        {
            labels["unit"] = unit;
        }

        if (system is not null)
        {
            labels["system"] = system;
        }

        var at = TimeProvider.System.GetUtcNow();
        return new AlertView("a1", "target-down", AlertState.Firing, "critical", labels, new Dictionary<string, string>(), at, at, null, at);
    }

    private async Task WriteScrapesAsync(params (string Unit, string System, DateTimeOffset At, TargetStatus Status)[] scrapes)
    {
        var body = new StringBuilder();
        foreach (var (unit, system, at, status) in scrapes)
        {
            var up = status is TargetStatus.Up or TargetStatus.Degraded ? 1 : 0;
            body.Append(CultureInfo.InvariantCulture, $"scrape,unit={unit},province=79,system={system},level=commune,collector=c0 up={up}i,status=\"{status}\",status_code={(int)status}i,reason=\"None\",duration_seconds=0.05,samples=10i {at.ToUnixTimeMilliseconds()}\n");
        }

        await influx.Client().WriteAsync(Encoding.UTF8.GetBytes(body.ToString()), InfluxPrecision.Milliseconds);
    }
}
