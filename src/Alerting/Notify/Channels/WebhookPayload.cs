using System.Text.Json.Serialization;

namespace Supervision.Alerting.Notify.Channels;

/// <summary>
/// Alertmanager's webhook body, version 4, field for field, so existing receivers work unchanged, plus
/// <c>idempotencyKey</c> (also the <c>Idempotency-Key</c> header): the same for every attempt of one message,
/// so a receiver that keeps the keys it saw drops the one repeat a sender's crash can cause.
/// </summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("groupKey")] string GroupKey,
    [property: JsonPropertyName("truncatedAlerts")] int TruncatedAlerts,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("receiver")] string Receiver,
    [property: JsonPropertyName("groupLabels")] IReadOnlyDictionary<string, string> GroupLabels,
    [property: JsonPropertyName("commonLabels")] IReadOnlyDictionary<string, string> CommonLabels,
    [property: JsonPropertyName("commonAnnotations")] IReadOnlyDictionary<string, string> CommonAnnotations,
    [property: JsonPropertyName("externalURL")] string ExternalUrl,
    [property: JsonPropertyName("alerts")] IReadOnlyList<WebhookAlert> Alerts,
    [property: JsonPropertyName("idempotencyKey")] string IdempotencyKey);

/// <summary>One alert of a webhook body.</summary>
public sealed record WebhookAlert(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt"), JsonConverter(typeof(Rfc3339UtcConverter))] DateTimeOffset StartsAt,
    [property: JsonPropertyName("endsAt"), JsonConverter(typeof(Rfc3339UtcConverter))] DateTimeOffset EndsAt,
    [property: JsonPropertyName("generatorURL")] string GeneratorUrl,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);

/// <summary>Source-generated serializer for the webhook body (hot path, no reflection).</summary>
[JsonSerializable(typeof(WebhookPayload))]
[JsonSourceGenerationOptions(WriteIndented = false)]
public sealed partial class WebhookJsonContext : JsonSerializerContext;

/// <summary>Writes instants as Alertmanager does: RFC 3339 in UTC with a <c>Z</c> (<c>0001-01-01T00:00:00Z</c> for "not ended").</summary>
public sealed class Rfc3339UtcConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
