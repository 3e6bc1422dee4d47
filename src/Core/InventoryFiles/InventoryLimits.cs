namespace Supervision.Core.InventoryFiles;

/// <summary>Defaults and bounds of the inventory format (docs/inventory.md).</summary>
public static class InventoryLimits
{
    /// <summary>Default scrape interval.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    /// <summary>Default scrape timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Shortest interval accepted: faster than this is a load test, not monitoring.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>Longest interval accepted: slower than this and staleness rules stop making sense.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    /// <summary>Shortest timeout accepted.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Default endpoint template: the simulator's base URL with the target path.</summary>
    public const string DefaultBaseUrl = "http://127.0.0.1:9100/t/{unit}/{system}";

    /// <summary>Shortest push token or password accepted: a guessable secret would let anyone write as the unit.</summary>
    public const int MinPushSecretLength = 16;

    /// <summary>The only format version this loader reads.</summary>
    public const int FormatVersion = 1;
}
