namespace Supervision.Alerting.Notify.Store;

/// <summary>JSON settings for stored bodies and the API.</summary>
public static class NotifyJson
{
    /// <summary>camelCase, enums as strings.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Unix milliseconds of an instant (how instants are stored).</summary>
    public static long ToMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>The instant of unix milliseconds.</summary>
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
