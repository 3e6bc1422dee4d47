using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;
using Supervision.Collector.Storage;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Storage;

public sealed class StorePolicyTests
{
    [Theory]
    [InlineData("dossier_overdue", "dossier_overdue", true)]
    [InlineData("dossier_overdue", "dossier_overdue_x", false)]
    [InlineData("*_bucket", "edoc_delivery_latency_seconds_bucket", true)]
    [InlineData("*_bucket", "edoc_delivery_latency_seconds_sum", false)]
    [InlineData("http_request_duration_seconds*", "http_request_duration_seconds_count", true)]
    [InlineData("http_*_seconds", "http_request_duration_seconds", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxcyyb", false)]
    [InlineData("*", "", true)]
    public void patterns_match_metric_names_with_stars_for_any_run(string pattern, string name, bool matches) =>
        Assert.Equal(matches, StorePolicy.Matches(pattern, name));

    [Fact]
    public void drop_applies_to_every_system_and_keep_of_a_system_keeps_only_its_list()
    {
        var policy = new StorePolicy(new Dictionary<string, StoreRuleOptions>
        {
            ["*"] = new() { Drop = ["*_bucket"] },
            ["network"] = new() { Keep = ["network_*"], Drop = ["network_packet_loss_ratio"] },
        });

        Assert.True(policy.Stores("dossier", "dossier_overdue"));
        Assert.False(policy.Stores("dossier", "dossier_processing_seconds_bucket"));
        Assert.True(policy.Stores("network", "network_rtt_seconds"));
        Assert.False(policy.Stores("network", "http_request_duration_seconds"));
        Assert.False(policy.Stores("network", "network_packet_loss_ratio"));
        Assert.False(policy.Stores("network", "network_x_bucket"));

        // The cached decision is the same decision.
        Assert.False(policy.Stores("dossier", "dossier_processing_seconds_bucket"));
        Assert.True(policy.Stores("network", "network_rtt_seconds"));
    }

    [Fact]
    public void bad_rules_are_named_by_their_configuration_key()
    {
        var problems = StorePolicy.Validate(new Dictionary<string, StoreRuleOptions>
        {
            ["dosier"] = new() { Keep = ["x"] },
            ["edoc"] = new() { Keep = ["edoc_ok", ""], Drop = ["bad name"] },
        }, "Collector:Store").ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Collector:Store:dosier: unknown system kind", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Collector:Store:edoc:Keep:1: '' is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Collector:Store:edoc:Drop:0: 'bad name' has ' '", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_bad_rule_stops_start_up_naming_the_key()
    {
        await using var app = CollectorApp.Build([
            "--urls", "http://127.0.0.1:0", "--inventory", RepoPaths.NationalInventory, "--Collector:Store:edoc:Drop:0=edoc queue",
            "--Logging:LogLevel:Default=None"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Collector:Store:edoc:Drop:0: 'edoc queue'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_shipped_default_stores_every_metric_the_rules_boards_and_summaries_read_and_drops_histograms()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepoPaths.Combine("src", "Collector", "appsettings.json"), optional: false)
            .Build();
        var options = new CollectorOptions();
        configuration.GetSection(CollectorOptions.Section).Bind(options);
        Assert.Empty(StorePolicy.Validate(options.Store, "Collector:Store"));
        var policy = new StorePolicy(options.Store);

        // Read by the shipped rules (rules/*.yaml), boards (dashboards/*.json), the console and the live window.
        foreach (var (system, metric) in ReadMetrics())
        {
            Assert.True(policy.Stores(system, metric), $"{system}/{metric} is read but not stored");
        }

        Assert.False(policy.Stores("edoc", "edoc_delivery_latency_seconds_bucket"));
        Assert.False(policy.Stores("dossier", "http_request_duration_seconds"));
        Assert.False(policy.Stores("portal", "portal_api_latency_seconds"));
        Assert.True(policy.Stores("portal", "portal_api_latency_seconds_sum"));
        Assert.True(policy.Stores("edoc", "a_vendor_metric_nobody_listed"));
    }

    /// <summary>Every metric a shipped rule, board or the summaries name, found in the files themselves.</summary>
    private static IEnumerable<(string System, string Metric)> ReadMetrics()
    {
        var text = string.Join('\n', Directory.GetFiles(RepoPaths.Combine("rules"), "*.yaml").Concat(Directory.GetFiles(RepoPaths.Combine("dashboards"), "*.json"))
            .Select(File.ReadAllText));
        foreach (var system in Core.Domain.SystemCatalogue.Kinds.Select(k => k.Key))
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, $@"\b{system}_[a-z_]+\b"))
            {
                yield return (system, m.Value);
            }
        }

        yield return ("dossier", "dossier_resolved_total");
        yield return ("edoc", "edoc_documents_sent_total");
    }
}
