using System.Text.Json.Serialization;

namespace Supervision.Core.Messages;

/// <summary>The JSON settings of the hubs' payloads (enums as strings): the Dashboard's hubs and every client of them, and the byte metrics.</summary>
public static class HubJson
{
    /// <summary>Web defaults (camelCase) with enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the settings to <paramref name="options"/> (SignalR's and minimal APIs' own instances).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
