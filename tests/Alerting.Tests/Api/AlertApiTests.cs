using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.Alerting.Data;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Domain;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Api;

public sealed class AlertApiTests : IAsyncLifetime
{
    private const string Rules = """
        groups:
          - name: availability
            interval: 30s
            rules:
              - name: target-down
                kind: down
                selector: { levels: [commune] }
                parameters: { statuses: [Down] }
                severity: critical
                annotations: { summary: "{{ $labels.unit }} down" }
        """;

    private readonly InMemoryMetricSource _source = new();
    private AlertingHost _host = null!;

    public async Task InitializeAsync() => _host = await AlertingHost.StartAsync(Rules, _source);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement[]> AlertsAsync(string query = "")
    {
        var json = await _host.Http.GetFromJsonAsync<JsonElement[]>("/api/alerts" + query);
        return json!;
    }

    private async Task DownAsync(params string[] units)
    {
        var now = TimeProvider.System.GetUtcNow();
        foreach (var unit in units)
        {
            var t = _host.App.Services.GetService(typeof(Inventory)) is Inventory inv ? inv.FindTarget(unit + "/edoc")! : throw new InvalidOperationException();
            _source.Add("scrape", EngineHarness.Tags(t), "status_code", 3, now.AddSeconds(-5));
        }

        await _host.Engine.EvaluateAllAsync(now, CancellationToken.None);
    }

    [Fact]
    public async Task alerts_are_listed_and_filtered_by_state_province_and_severity()
    {
        await DownAsync("26737", "00004");
        var all = await AlertsAsync();
        Assert.Equal(2, all.Length);
        Assert.Equal("Firing", all[0].GetProperty("state").GetString());
        Assert.Single(await AlertsAsync("?province=79"));
        Assert.Equal("26737", (await AlertsAsync("?province=79"))[0].GetProperty("labels").GetProperty("unit").GetString());
        Assert.Equal(2, (await AlertsAsync("?state=firing&severity=critical")).Length);
        Assert.Empty(await AlertsAsync("?severity=info"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Http.GetAsync(new Uri("/api/alerts?state=bogus", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task an_alert_is_escalated_by_hand_through_the_shipped_policy_and_its_group_is_found_by_key()
    {
        await DownAsync("26737");
        var id = (await AlertsAsync())[0].GetProperty("id").GetString()!;

        // The shipped routing pages critical alerts through the `critical` policy after a 5 s group wait.
        var clock = Stopwatch.StartNew();
        string groupKey;
        while (true)
        {
            var escalations = await _host.Http.GetFromJsonAsync<JsonElement[]>("/api/escalations");
            if (escalations!.Length > 0)
            {
                groupKey = escalations[0].GetProperty("groupKey").GetString()!;
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the critical group was not paged within 30 s");
            await Task.Delay(200);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{id}/escalate") { Content = JsonContent.Create(new { by = "Kỹ sư trực", comment = "cần người hỗ trợ" }) };
        request.Headers.Add("X-Api-Key", AlertingHost.ApiKey);
        using var response = await _host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
        var step = Assert.Single(done);
        Assert.Equal((groupKey, "critical", 2), (step.GetProperty("groupKey").GetString(), step.GetProperty("policy").GetString(), step.GetProperty("step").GetInt32()));

        // The group behind a message's link: its alerts by key.
        var group = await _host.Http.GetFromJsonAsync<JsonElement>("/api/groups?key=" + Uri.EscapeDataString(groupKey));
        Assert.Equal([id], group.GetProperty("alertIds").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.GetAsync(new Uri("/api/groups?key=nope", UriKind.Relative))).StatusCode);

        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/no-such-alert/escalate") { Content = JsonContent.Create(new { by = "x" }) };
        unknown.Headers.Add("X-Api-Key", AlertingHost.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.SendAsync(unknown)).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/maintenance")]
    [InlineData("PUT", "/api/maintenance/m1")]
    [InlineData("DELETE", "/api/maintenance/m1")]
    [InlineData("POST", "/api/oncall/overrides")]
    [InlineData("DELETE", "/api/oncall/overrides/o1")]
    [InlineData("POST", "/api/silences")]
    [InlineData("DELETE", "/api/silences/s1")]
    [InlineData("POST", "/api/alerts/a1/escalate")]
    public async Task every_change_needs_the_api_key(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "DELETE")
        {
            request.Content = JsonContent.Create(new { name = "x" });
        }

        using var response = await _host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task acknowledging_needs_the_api_key_and_un_acknowledging_clears_it()
    {
        await DownAsync("26737");
        var id = (await AlertsAsync())[0].GetProperty("id").GetString();
        var body = new { by = "an", comment = "looking" };
        using (var noKey = await _host.Http.PostAsJsonAsync($"/api/alerts/{id}/ack", body))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{id}/ack") { Content = JsonContent.Create(body) };
        request.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        using (var ok = await _host.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Equal("an", (await AlertsAsync())[0].GetProperty("acknowledgedBy").GetString());
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/alerts/{id}/ack");
        delete.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        using (var ok = await _host.Http.SendAsync(delete))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Equal(JsonValueKind.Null, (await AlertsAsync())[0].GetProperty("acknowledgedBy").ValueKind);
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/nope/ack") { Content = JsonContent.Create(body) };
        unknown.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.SendAsync(unknown)).StatusCode);
    }

    [Fact]
    public async Task a_silence_marks_matching_alerts_silenced_until_it_is_expired()
    {
        await DownAsync("26737", "00004");
        var silence = new
        {
            matchers = new[] { new { name = "province", value = "79", isRegex = false, isEqual = true } },
            endsAt = TimeProvider.System.GetUtcNow().AddHours(1),
            createdBy = "binh",
            comment = "works in HCMC",
        };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/silences") { Content = JsonContent.Create(silence) };
        post.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        using var created = await _host.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("silenceId").GetString();

        var alerts = await AlertsAsync();
        Assert.True(alerts.Single(a => a.GetProperty("labels").GetProperty("province").GetString() == "79").GetProperty("silenced").GetBoolean());
        Assert.False(alerts.Single(a => a.GetProperty("labels").GetProperty("province").GetString() == "01").GetProperty("silenced").GetBoolean());
        var listed = Assert.Single((await _host.Http.GetFromJsonAsync<JsonElement[]>("/api/silences"))!);
        Assert.Equal("active", listed.GetProperty("status").GetProperty("state").GetString());

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/silences/{id}");
        delete.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.SendAsync(delete)).StatusCode);
        Assert.All(await AlertsAsync(), a => Assert.False(a.GetProperty("silenced").GetBoolean()));
        Assert.Equal("expired", (await _host.Http.GetFromJsonAsync<JsonElement[]>("/api/silences"))![0].GetProperty("status").GetProperty("state").GetString());
    }

    [Fact]
    public async Task a_silence_without_matchers_or_end_is_rejected_naming_the_fields()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/silences") { Content = JsonContent.Create(new { createdBy = "x" }) };
        post.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        using var response = await _host.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("matchers", text, StringComparison.Ordinal);
        Assert.Contains("endsAt", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task rules_metrics_and_health_are_served()
    {
        await DownAsync("26737");
        var rules = await _host.Http.GetFromJsonAsync<JsonElement>("/api/rules");
        var rule = rules.GetProperty("rules")[0];
        Assert.Equal("target-down", rule.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, rule.GetProperty("error").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, rule.GetProperty("lastEvaluation").ValueKind);
        var metrics = await _host.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("alerting_alerts{state=\"firing\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("alerting_group_evaluation_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task a_bad_rule_file_keeps_the_last_good_rules_and_reports_its_line_then_a_fix_reloads()
    {
        var file = Path.Combine(_host.RulesFolder, "rules.yaml");
        await File.WriteAllTextAsync(file, Rules.Replace("kind: down", "kind: dwon", StringComparison.Ordinal));
        var clock = Stopwatch.StartNew();
        JsonElement rules;
        do
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the reload error never showed");
            await Task.Delay(50);
            rules = await _host.Http.GetFromJsonAsync<JsonElement>("/api/rules");
        }
        while (rules.GetProperty("reloadErrors").GetArrayLength() == 0);

        Assert.Contains("rules.yaml:6: groups[0].rules[0].kind: 'dwon' is unknown", rules.GetProperty("reloadErrors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("target-down", rules.GetProperty("rules")[0].GetProperty("name").GetString());

        await File.WriteAllTextAsync(file, Rules.Replace("target-down", "commune-down", StringComparison.Ordinal));
        do
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the fixed file was never loaded");
            await Task.Delay(50);
            rules = await _host.Http.GetFromJsonAsync<JsonElement>("/api/rules");
        }
        while (rules.GetProperty("rules")[0].GetProperty("name").GetString() != "commune-down");

        Assert.Equal(0, rules.GetProperty("reloadErrors").GetArrayLength());
    }
}
