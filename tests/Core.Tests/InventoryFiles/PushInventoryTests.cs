using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;

namespace Supervision.Core.Tests.InventoryFiles;

/// <summary>Push targets and the units' push credentials in the inventory (docs/push-intake.md).</summary>
public sealed class PushInventoryTests
{
    private static InventoryLoadResult Load(string yaml) => InventoryLoader.Load(new StringReader(yaml), "push.yaml");

    [Fact]
    public void push_mode_and_credentials_load_from_any_level_and_the_credentials_stay_out_of_the_unit()
    {
        var result = Load("""
            version: 1
            systems:
              network: { mode: push, interval: 1m }
            units:
              - { id: "79", name: "Hồ Chí Minh", level: province, kind: city, systems: [edoc] }
              - id: "26737"
                name: "Phường Tân Định"
                level: commune
                province: "79"
                push: { token: "a-token-of-26737-long", username: tandinh, password: "a-password-26737-long" }
                systems:
                  - network
                  - { system: edoc, mode: push, interval: 30s }
                  - dossier
            """);

        Assert.True(result.Success, string.Join("\n", result.Errors));
        var inventory = result.Inventory!;
        Assert.Equal(TargetMode.Push, inventory.FindTarget("26737/network")!.Mode);
        Assert.Equal(TimeSpan.FromMinutes(1), inventory.FindTarget("26737/network")!.Interval);
        Assert.Equal(TargetMode.Push, inventory.FindTarget("26737/edoc")!.Mode);
        Assert.Equal(TargetMode.Scrape, inventory.FindTarget("26737/dossier")!.Mode);
        Assert.Equal(TargetMode.Scrape, inventory.FindTarget("79/edoc")!.Mode);
        var credentials = inventory.PushCredentials["26737"];
        Assert.Equal("a-token-of-26737-long", credentials.Token);
        Assert.Equal("tandinh", credentials.Username);
        Assert.DoesNotContain("long", credentials.ToString(), StringComparison.Ordinal);
        Assert.False(inventory.PushCredentials.ContainsKey("79"));
    }

    [Fact]
    public void push_mistakes_are_each_reported_with_their_line()
    {
        var result = Load("""
            version: 1
            units:
              - { id: "79", name: "A", level: province, kind: city, push: { token: "shared-token-0123456789" } }
              - { id: "01", name: "B", level: province, push: { token: "shared-token-0123456789" } }
              - { id: "02", name: "C", level: province, systems: [{ system: edoc, mode: push }] }
              - { id: "04", name: "D", level: province, push: { token: short } }
              - { id: "06", name: "E", level: province, push: { username: only-user } }
              - { id: "08", name: "F", level: province, systems: [{ system: edoc, mode: pull }] }
            """);

        Assert.False(result.Success);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("push.yaml:4:", StringComparison.Ordinal) && e.Contains("same token", StringComparison.Ordinal) && e.Contains("line 3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("push.yaml:5:", StringComparison.Ordinal) && e.Contains("push target '02/edoc' needs its unit's credentials", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("push.yaml:6:", StringComparison.Ordinal) && e.Contains("at least 16 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("push.yaml:7:", StringComparison.Ordinal) && e.Contains("both username and password", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("push.yaml:8:", StringComparison.Ordinal) && e.Contains("'pull' is not a mode", StringComparison.Ordinal));
    }
}
