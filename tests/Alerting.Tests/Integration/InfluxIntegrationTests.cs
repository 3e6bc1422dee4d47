using System.Globalization;
using System.Text;
using Supervision.Alerting.Data;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Integration;

/// <summary>The engine against a real InfluxDB (Debian's influxd started by the fixture), national inventory, scrape points written directly.</summary>
public sealed class InfluxIntegrationTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private const string Rules = """
        groups:
          - name: availability
            rules:
              - name: province-network-down
                kind: down
                selector: { levels: [province], systems: [network] }
                parameters: { statuses: [Down] }
                severity: critical
              - name: target-down
                kind: down
                selector: { levels: [commune] }
                parameters: { statuses: [Down] }
                severity: critical
        """;

    private static readonly Inventory National = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;

    private async Task<(EngineHarness Harness, InfluxClient Client)> StartAsync()
    {
        var db = await influx.CreateDatabaseAsync("alerting");
        var client = influx.Client(db);
        var start = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        return (EngineHarness.Over(new InfluxMetricSource(client), National, Rules, start), client);
    }

    private static async Task WriteScrapesAsync(InfluxClient client, DateTimeOffset at, Func<Target, int> status)
    {
        var sb = new StringBuilder(2 * 1024 * 1024);
        var ms = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        foreach (var t in National.Targets)
        {
            var code = status(t);
            sb.Append("scrape,collector=test,level=").Append(Rules0(t.Level));
            if (t.ProvinceCode is not null)
            {
                sb.Append(",province=").Append(t.ProvinceCode);
            }

            sb.Append(",system=").Append(t.System).Append(",unit=").Append(t.UnitId)
                .Append(" up=").Append(code <= 1 ? 1 : 0).Append("i,status_code=").Append(code).Append("i ").Append(ms).Append('\n');
        }

        await client.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static string Rules0(UnitLevel level) => level switch
    {
        UnitLevel.Central => "central",
        UnitLevel.Province => "province",
        _ => "commune",
    };

    [Fact]
    public async Task one_commune_down_among_the_whole_country_gives_exactly_one_down_alert()
    {
        var (h, client) = await StartAsync();
        using var _ = h;
        await WriteScrapesAsync(client, h.Now.AddSeconds(-10), t => t.Id == "26737/edoc" ? 3 : 0);
        await h.EvaluateAsync();
        Assert.All(h.Engine.RuleStatuses(), s => Assert.Null(s.Error));
        var alert = Assert.Single(h.Engine.Views);
        Assert.Equal("target-down", alert.Rule);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal("26737", alert.Labels["unit"]);
        Assert.Equal("edoc", alert.Labels["system"]);
        Assert.Equal("79", alert.Labels["province"]);
    }

    [Fact]
    public async Task a_whole_province_down_gives_one_province_alert_that_inhibits_all_its_communes()
    {
        var (h, client) = await StartAsync();
        using var _ = h;
        await WriteScrapesAsync(client, h.Now.AddSeconds(-10), t => t.ProvinceCode == "79" ? 3 : 0);
        await h.EvaluateAsync();
        var province = Assert.Single(h.Engine.Views, v => v.Rule == "province-network-down");
        Assert.Equal("79", province.Labels["province"]);
        var communes = National.CommunesOf("79").Count;
        Assert.Equal(communes.ToString(CultureInfo.InvariantCulture), province.Annotations["covers_communes"]);
        var children = h.Engine.Views.Where(v => v.Rule == "target-down").ToArray();
        Assert.Equal(National.Targets.Count(t => t.ProvinceCode == "79" && t.Level == UnitLevel.Commune), children.Length);
        Assert.All(children, c => Assert.Equal(province.Id, c.InhibitedBy));
        Assert.All(children, c => Assert.Equal("79", c.Labels["province"]));
        Assert.Equal(1, h.Engine.Views.Count(v => v.InhibitedBy is null));
    }

    [Theory]
    [InlineData("2026-11-23T09:00:00+07:00", true)] // a Monday
    [InlineData("2026-09-02T09:00:00+07:00", false)] // National Day, from config/vn-holidays.csv
    public async Task a_stall_on_one_commune_fires_the_shipped_overdue_rule_on_a_weekday_and_not_on_a_holiday(string at, bool fires)
    {
        var start = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).ToUniversalTime();
        var db = await influx.CreateDatabaseAsync("stall");
        var client = influx.Client(db);
        using var h = EngineHarness.Over(new InfluxMetricSource(client), National, await File.ReadAllTextAsync(RepoPaths.Combine("rules", "procedures.yaml")), start);
        for (var step = 0; step < 2; step++)
        {
            var ms = h.Now.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var lines = new StringBuilder();
            foreach (var (unit, province, count) in new[] { ("26737", "79", 15), ("00004", "01", 2) })
            {
                foreach (var procedure in new[] { "p1", "p2" })
                {
                    lines.Append("dossier,level=commune,procedure=").Append(procedure).Append(",province=").Append(province).Append(",system=dossier,unit=").Append(unit)
                        .Append(" dossier_overdue=").Append(count).Append(",dossier_in_progress=10,dossier_resolved_total=100 ").Append(ms).Append('\n');
                }
            }

            await client.WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()));
            await h.EvaluateAsync();
            if (step == 0)
            {
                h.Time.Advance(TimeSpan.FromMinutes(15));
            }
        }

        var overdue = h.Engine.Views.Where(v => v.Rule == "dossiers-overdue").ToArray();
        if (fires)
        {
            var alert = Assert.Single(overdue);
            Assert.Equal(AlertState.Firing, alert.State);
            Assert.Equal("26737", alert.Labels["unit"]);
            Assert.StartsWith("30 hồ sơ quá hạn tại", alert.Annotations["summary"], StringComparison.Ordinal);
            Assert.All(h.Engine.RuleStatuses(), s => Assert.Null(s.Error));
        }
        else
        {
            Assert.Empty(h.Engine.Views);
            Assert.All(h.Engine.RuleStatuses(), s => Assert.True(s.SkippedOutsideWorkingHours));
        }
    }
}
