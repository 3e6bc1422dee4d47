using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Messages;
using Supervision.Dashboard.Components.Widgets;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Tests.ExpositionProblems;

public sealed class ExpositionProblemStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static ExpositionProblem Problem(string unit, string system, string rule, DateTimeOffset lastSeen, string example = "docs_total -1") =>
        new($"{unit}/{system}", unit, system, rule, false, 1, 5, 3, example, lastSeen.AddMinutes(-10), lastSeen);

    [Fact]
    public void a_collectors_new_list_replaces_its_old_one_and_an_older_list_is_ignored()
    {
        var store = new ExpositionProblemStore(new FakeTimeProvider(Now));
        store.Apply(new ExpositionProblemReport("c0", Now.AddSeconds(-20), [Problem("26737", "edoc", "counter-value", Now.AddSeconds(-20))]));
        store.Apply(new ExpositionProblemReport("c1", Now.AddSeconds(-5), [Problem("01", "dossier", "final-newline", Now.AddSeconds(-5))]));
        Assert.Equal(["01/dossier", "26737/edoc"], store.Current().Select(p => p.Target));

        // c0's target was fixed: its next list is empty, and a late copy of its old list changes nothing.
        store.Apply(new ExpositionProblemReport("c0", Now, []));
        store.Apply(new ExpositionProblemReport("c0", Now.AddSeconds(-20), [Problem("26737", "edoc", "counter-value", Now.AddSeconds(-20))]));

        Assert.Equal(["01/dossier"], store.Current().Select(p => p.Target));
    }

    [Fact]
    public void a_list_not_renewed_is_dropped_and_a_target_in_two_lists_shows_its_newer_scrape()
    {
        var time = new FakeTimeProvider(Now);
        var store = new ExpositionProblemStore(time);
        // The shard of 26737 moved from c0 to c1: both lists hold it for a while.
        store.Apply(new ExpositionProblemReport("c0", Now, [Problem("26737", "edoc", "counter-value", Now.AddSeconds(-30), "old")]));
        store.Apply(new ExpositionProblemReport("c1", Now, [Problem("26737", "edoc", "counter-value", Now, "new")]));
        Assert.Equal("new", Assert.Single(store.Current()).Example);

        time.Advance(ExpositionProblemReport.ForgetAfter + TimeSpan.FromSeconds(1));
        store.Apply(new ExpositionProblemReport("c1", time.GetUtcNow(), [Problem("01", "edoc", "eof", time.GetUtcNow())]));

        Assert.Equal(["01/edoc"], store.Current().Select(p => p.Target));
        Assert.Empty(store.Current(p => p.Unit == "26737"));
    }

    [Fact]
    public void a_rule_is_described_in_vietnamese_or_english_and_an_unknown_id_is_shown_as_it_is()
    {
        Assert.Equal("Bộ đếm âm hoặc NaN", ExpositionRuleText.Describe("counter-value", english: false));
        Assert.Equal("Counter negative or NaN", ExpositionRuleText.Describe("counter-value", english: true));
        Assert.Equal("some-new-rule", ExpositionRuleText.Describe("some-new-rule", english: false));
    }

    [Fact]
    public async Task a_list_pushed_on_the_ingest_hub_reaches_the_store_the_pages_read()
    {
        await using var host = await DashboardHost.StartAsync();
        var store = host.App.Services.GetRequiredService<ExpositionProblemStore>();
        Assert.Empty(store.Current());

        await using var ingest = await host.IngestAsync();
        var at = TimeProvider.System.GetUtcNow();
        await ingest.InvokeAsync(HubNames.PushExpositionProblems,
            new ExpositionProblemReport("collector-0of1", at, [Problem("26737", "edoc", "histogram-buckets", at, "h_bucket{le=\"1\"} 5")]));

        var problem = Assert.Single(store.Current(p => p.Unit == "26737"));
        Assert.Equal(("histogram-buckets", "h_bucket{le=\"1\"} 5", 3), (problem.Rule, problem.Example, problem.Line));
    }
}
