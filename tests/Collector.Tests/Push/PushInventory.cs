namespace Supervision.Collector.Tests.Push;

/// <summary>The push tests' inventory: province 79 pushes its portal; commune 26737 pushes edoc and dossier.</summary>
public static class PushInventory
{
    public const string Token79 = "token-of-province-79-0123456789";
    public const string Token26737 = "token-of-commune-26737-0123456789";
    public const string User26737 = "tandinh";
    public const string Password26737 = "password-of-26737-0123456789";

    public static string Yaml(string interval = "30s") => $$"""
        version: 1
        units:
          - { id: "79", name: "Hồ Chí Minh", level: province, kind: city, push: { token: "{{Token79}}" }, systems: [{ system: portal, mode: push, interval: {{interval}} }] }
          - id: "26737"
            name: "Phường Tân Định"
            level: commune
            province: "79"
            kind: ward
            push: { token: "{{Token26737}}", username: "{{User26737}}", password: "{{Password26737}}" }
            systems:
              - { system: edoc, mode: push, interval: {{interval}} }
              - { system: dossier, mode: push, interval: {{interval}} }
        """;
}
