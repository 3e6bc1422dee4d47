using Supervision.Alerting.Notify.Config;

namespace Supervision.Alerting.Tests.Routing;

public sealed class RouteTreeTests
{
    private const string Yaml = """
        route:
          receiver: default
          group_by: [province]
          group_wait: 30s
          routes:
            - matchers: ['severity="critical"', 'system=~"edoc|dossier"']
              receiver: pager
              group_wait: 5s
              continue: true
            - matchers: ['severity="critical"']
              receiver: ops
              routes:
                - matchers: ['province="01"']
                  receiver: hanoi
            - matchers: ['severity!="critical"']
              receiver: chat
        receivers:
          - { name: default, webhook: { url: "http://127.0.0.1:9/d" } }
          - { name: pager, webhook: { url: "http://127.0.0.1:9/p" } }
          - { name: ops, webhook: { url: "http://127.0.0.1:9/o" } }
          - { name: hanoi, webhook: { url: "http://127.0.0.1:9/h" } }
          - { name: chat, webhook: { url: "http://127.0.0.1:9/c" } }
        """;

    private static readonly Alerting.Routing.RouteTree Tree = NotificationsConfigLoader.Parse(Yaml, "routes.yaml").Routes;

    private static string[] Receivers(params (string Key, string Value)[] labels) =>
        Tree.Match(labels.ToDictionary(l => l.Key, l => l.Value)).Select(r => r.Receiver).ToArray();

    [Fact]
    public void continue_lets_an_alert_take_the_next_matching_sibling_too()
    {
        Assert.Equal(["pager", "ops"], Receivers(("severity", "critical"), ("system", "edoc"), ("province", "79")));
    }

    [Fact]
    public void the_first_match_wins_and_the_deepest_matching_child_is_the_route()
    {
        Assert.Equal(["ops"], Receivers(("severity", "critical"), ("system", "network"), ("province", "79")));
        Assert.Equal(["hanoi"], Receivers(("severity", "critical"), ("system", "network"), ("province", "01")));
        Assert.Equal(["chat"], Receivers(("severity", "warning"), ("system", "edoc")));
    }

    [Fact]
    public void children_inherit_grouping_and_timing_unless_they_set_them()
    {
        var pager = Tree.Match(new Dictionary<string, string> { ["severity"] = "critical", ["system"] = "edoc" })[0];
        Assert.Equal(TimeSpan.FromSeconds(5), pager.Timing.GroupWait);
        Assert.Equal(["province"], pager.GroupBy);
        var hanoi = Tree.Match(new Dictionary<string, string> { ["severity"] = "critical", ["province"] = "01" })[0];
        Assert.Equal(TimeSpan.FromSeconds(30), hanoi.Timing.GroupWait);
    }
}
