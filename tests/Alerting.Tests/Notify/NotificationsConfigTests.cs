using Supervision.Alerting.Notify.Channels;
using Supervision.Alerting.Notify.Config;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class NotificationsConfigTests
{
    [Fact]
    public void the_shipped_configuration_loads_and_pages_critical_alerts_within_seconds()
    {
        var config = NotificationsConfigLoader.LoadFile(RepoPaths.Combine("config", "notifications.yaml"), _ => null);
        var critical = new Dictionary<string, string> { ["severity"] = "critical", ["province"] = "79", ["system"] = "edoc" };
        var routes = config.Routes.Match(critical);
        Assert.Equal(["page-critical", "ops-webhook"], routes.Select(r => r.Receiver));
        Assert.All(routes, r => Assert.True(r.Timing.GroupWait <= TimeSpan.FromSeconds(10)));
        Assert.Equal(ReceiverKind.Escalation, config.Receivers["page-critical"].Kind);
        Assert.Equal(3, config.Policies["critical"].Steps.Count);
        Assert.Equal("not-configured", config.Receivers["ops-chat"].Http!.Secrets["token"]);
    }

    [Fact]
    public void the_shipped_configuration_has_the_dead_mans_switch_receiver_that_run_sh_names()
    {
        var config = NotificationsConfigLoader.LoadFile(RepoPaths.Combine("config", "notifications.yaml"), _ => null);
        Assert.Equal(ReceiverKind.Http, config.Receivers["deadman"].Kind);
        Assert.Contains("--Alerting:Watchdog:Receiver=deadman", File.ReadAllText(RepoPaths.Combine("scripts", "run.sh")), StringComparison.Ordinal);
        var check = new Supervision.Alerting.Watchdog.WatchdogOptionsValidator([.. config.Receivers.Keys])
            .Validate(null, new Supervision.Alerting.Watchdog.WatchdogOptions { Receiver = "deadman" });
        Assert.True(check.Succeeded, check.FailureMessage);
    }

    [Fact]
    public void the_dead_mans_switch_url_comes_from_the_environment_or_its_fallback_at_load()
    {
        var file = RepoPaths.Combine("config", "notifications.yaml");
        var set = NotificationsConfigLoader.LoadFile(file, n => n == "SUPERVISION_DEADMAN_URL" ? "https://hc.example.vn/ping/abc" : null);
        Assert.Equal("https://hc.example.vn/ping/abc", set.Receivers["deadman"].Http!.UrlTemplate);
        var unset = NotificationsConfigLoader.LoadFile(file, _ => null);
        Assert.Equal("http://127.0.0.1:9097/ping/supervision-watchdog", unset.Receivers["deadman"].Http!.UrlTemplate);
    }

    [Fact]
    public void an_unknown_receiver_and_a_bad_duration_are_reported_with_file_and_field()
    {
        const string yaml = """
            route:
              receiver: ops
              group_wait: 10 seconds
              routes:
                - matchers: ['severity="critical"']
                  receiver: nobody
            receivers:
              - name: ops
                webhook: { url: "http://127.0.0.1:9/x" }
            """;
        var ex = Assert.Throws<NotificationConfigException>(() => NotificationsConfigLoader.Parse(yaml, "n.yaml"));
        Assert.Contains("n.yaml: route.group_wait:", ex.Message);
        Assert.Contains("n.yaml: route.routes[0].receiver: unknown receiver 'nobody'", ex.Message);
    }

    [Fact]
    public void a_yaml_syntax_error_names_the_line()
    {
        const string yaml = "route:\n  receiver: ops\n  group_by: [province\nreceivers: []\n";
        var ex = Assert.Throws<NotificationConfigException>(() => NotificationsConfigLoader.Parse(yaml, "n.yaml"));
        Assert.StartsWith("n.yaml:", ex.Message);
        Assert.Matches(@"^n\.yaml:\d+:", ex.Message);
    }

    [Fact]
    public void an_unknown_key_is_an_error_not_silently_ignored()
    {
        const string yaml = "route:\n  receiver: ops\n  group_wiat: 5s\nreceivers:\n  - name: ops\n    webhook: { url: 'http://127.0.0.1:9/x' }\n";
        var ex = Assert.Throws<NotificationConfigException>(() => NotificationsConfigLoader.Parse(yaml, "n.yaml"));
        Assert.StartsWith("n.yaml:3:", ex.Message);
    }
}
