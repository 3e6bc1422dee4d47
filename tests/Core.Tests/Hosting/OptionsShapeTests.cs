using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Supervision.Core.Hosting;
using Supervision.Core.Influx;
using Supervision.Core.Messages;

namespace Supervision.Core.Tests.Hosting;

public sealed class OptionsShapeTests
{
    [Fact]
    public void good_influx_settings_pass_and_each_bad_one_is_named_under_its_section()
    {
        Assert.Empty(new InfluxOptions().Validate("Alerting:Influx"));
        Assert.Empty(new InfluxOptions { Url = "https://influx.tinh79.gov.vn:8086", Username = "reader", Password = "p" }.Validate("Alerting:Influx"));

        var bad = new InfluxOptions { Url = "127.0.0.1:8086", Database = " ", Timeout = TimeSpan.Zero, Username = "reader", Token = "t" }
            .Validate("Alerting:Influx").ToList();

        Assert.Contains("Alerting:Influx:Url: '127.0.0.1:8086' is not an absolute http(s) URL", bad);
        Assert.Contains("Alerting:Influx:Database: must not be empty", bad);
        Assert.Contains(bad, f => f.StartsWith("Alerting:Influx:Timeout: must be positive", StringComparison.Ordinal));
        Assert.Contains("Alerting:Influx:Username and Alerting:Influx:Password: set both or neither", bad);
        Assert.Contains("Alerting:Influx:Token and Alerting:Influx:Username: choose one way to authenticate", bad);
        Assert.Equal(5, bad.Count);
    }

    [Fact]
    public void replicas_are_servers_after_the_url_and_each_bad_or_repeated_one_is_named_by_its_index()
    {
        var good = new InfluxOptions { Url = "http://127.0.0.1:8086", Replicas = ["http://127.0.0.1:8087", "https://influx-b.gov.vn:8086"] };
        Assert.Empty(good.Validate("Collector:Influx"));
        Assert.Equal(["http://127.0.0.1:8086", "http://127.0.0.1:8087", "https://influx-b.gov.vn:8086"], good.Servers);

        var bad = new InfluxOptions { Url = "http://127.0.0.1:8086", Replicas = ["influx-b:8086", "http://127.0.0.1:8086/", "http://127.0.0.1:8087"] }
            .Validate("Collector:Influx").ToList();

        Assert.Equal(
            ["Collector:Influx:Replicas:0: 'influx-b:8086' is not an absolute http(s) URL", "Collector:Influx:Replicas:1: 'http://127.0.0.1:8086/' names a server already listed"],
            bad);
    }

    [Fact]
    public void the_dashboard_link_takes_a_base_url_with_a_key_and_names_each_bad_setting()
    {
        Assert.Empty(new DashboardLinkOptions().Validate("Alerting:Dashboard"));
        var good = new DashboardLinkOptions { Url = "http://127.0.0.1:5000/", ApiKey = "k" };
        Assert.Empty(good.Validate("Alerting:Dashboard"));
        Assert.Equal(new Uri("http://127.0.0.1:5000/hubs/ingest"), good.HubUrl);

        Assert.Equal(
            ["Collector:Dashboard:Url: 'http://127.0.0.1:5000/hubs/ingest' names the hub; give the Dashboard's base URL (without /hubs/ingest)"],
            new DashboardLinkOptions { Url = "http://127.0.0.1:5000/hubs/ingest", ApiKey = "k" }.Validate("Collector:Dashboard"));
        var bad = new DashboardLinkOptions { Url = "dashboard:5000", PushInterval = TimeSpan.FromSeconds(2) }.Validate("Collector:Dashboard").ToList();
        Assert.Equal(3, bad.Count);
        Assert.Contains("Collector:Dashboard:Url: 'dashboard:5000' is not an absolute http(s) URL", bad);
        Assert.Contains(bad, f => f.StartsWith("Collector:Dashboard:ApiKey: the ingest hub refuses callers without a key", StringComparison.Ordinal));
        Assert.Contains(bad, f => f.StartsWith("Collector:Dashboard:PushInterval: must be above 0 and at most 1 s", StringComparison.Ordinal));
    }

    [Fact]
    public void annotations_of_nested_sections_lists_and_dictionaries_are_checked_with_their_full_keys()
    {
        var options = new Outer
        {
            Limit = 0, // the top level is ValidateDataAnnotations()'s: not reported twice
            Write = new Inner { Concurrency = 0 },
            Tokens = [new Inner { Concurrency = 2 }, new Inner { Concurrency = 99 }],
            ByKind = new Dictionary<string, Inner> { ["edoc"] = new() { Concurrency = -1 } },
        };

        var failures = NestedValidation.Validate(options, "Svc");

        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Svc:Write:Concurrency: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Svc:Tokens:1:Concurrency: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Svc:ByKind:edoc:Concurrency: ", StringComparison.Ordinal));
        Assert.Empty(NestedValidation.Validate(new Outer(), "Svc"));
    }

    [Fact]
    public void a_setting_under_its_old_key_is_named_with_its_new_key_and_an_absent_one_is_not()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Alerting:InfluxUrl"] = "http://10.0.0.5:8086" })
            .Build();
        var moved = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Alerting:InfluxUrl"] = "Alerting:Influx:Url",
            ["Alerting:InfluxDatabase"] = "Alerting:Influx:Database",
        };

        var failure = Assert.Single(MovedSettings.Find(configuration, moved));

        Assert.StartsWith("Alerting:InfluxUrl: this setting is now Alerting:Influx:Url", failure, StringComparison.Ordinal);
    }

    private sealed class Outer
    {
        [Range(1, 10)]
        public int Limit { get; set; } = 1;

        public Inner Write { get; set; } = new();

        public List<Inner> Tokens { get; set; } = [];

        public Dictionary<string, Inner> ByKind { get; set; } = [];
    }

    private sealed class Inner
    {
        [Range(1, 64)]
        public int Concurrency { get; set; } = 4;
    }
}
