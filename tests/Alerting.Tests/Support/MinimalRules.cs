namespace Supervision.Alerting.Tests.Support;

/// <summary>One `down` rule in one group: for tests of the service around the rules (stream, endpoints), not of rules.</summary>
internal static class MinimalRules
{
    public const string Yaml = """
        groups:
          - name: g
            rules:
              - name: r
                kind: down
                parameters: { statuses: [Down] }
                severity: critical
        """;
}
