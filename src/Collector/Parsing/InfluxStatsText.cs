namespace Supervision.Collector.Parsing;

/// <summary>
/// Turns InfluxDB 1.x's own statistics (<c>/debug/vars</c>, Go expvar JSON: one member per module, each
/// <c>{"name": "httpd", "tags": {…}, "values": {"pointsWrittenFail": 0, …}}</c>) into Prometheus text, so the
/// center's InfluxDB is scraped like any other target (as Telegraf's <c>inputs.influxdb</c> reads the same
/// document). A module's value <c>pointsWrittenFail</c> becomes <c>influxdb_httpd_points_written_fail</c>, its tags
/// labels. Members without a name and values (<c>memstats</c>, <c>cmdline</c>, <c>system</c>) and non-numeric values
/// are left out. Selected by the body's <c>application/json</c> content type; one target reads it, so it may allocate.
/// </summary>
public static class InfluxStatsText
{
    /// <summary>True when a metrics body of <paramref name="contentType"/> is expvar JSON rather than exposition text.</summary>
    public static bool Applies(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Prometheus text for an expvar document; a body that is not JSON gives an error message instead.</summary>
    public static bool TryConvert(ReadOnlySpan<byte> json, out byte[] text, out string? error)
    {
        var output = new StringBuilder();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                (text, error) = ([], "InfluxDB statistics: expected a JSON object of modules");
                return false;
            }

            foreach (var module in document.RootElement.EnumerateObject())
            {
                if (module.Value.ValueKind == JsonValueKind.Object &&
                    module.Value.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String &&
                    module.Value.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object)
                {
                    var labels = Labels(module.Value);
                    var prefix = "influxdb_" + Snake(name.GetString()!) + "_";
                    foreach (var value in values.EnumerateObject())
                    {
                        if (value.Value.ValueKind == JsonValueKind.Number)
                        {
                            output.Append(prefix).Append(Snake(value.Name)).Append(labels).Append(' ')
                                .Append(value.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                        }
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            (text, error) = ([], $"InfluxDB statistics: malformed JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}");
            return false;
        }

        (text, error) = (Encoding.UTF8.GetBytes(output.ToString()), null);
        return true;
    }

    private static string Labels(JsonElement module)
    {
        if (!module.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var labels = new StringBuilder();
        foreach (var tag in tags.EnumerateObject())
        {
            if (tag.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            labels.Append(labels.Length == 0 ? "{" : ",").Append(Snake(tag.Name)).Append("=\"")
                .Append(tag.Value.GetString()!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return labels.Length == 0 ? string.Empty : labels.Append('}').ToString();
    }

    /// <summary><c>pointsWrittenFail</c> → <c>points_written_fail</c>; anything outside [a-z0-9_] becomes <c>_</c>.</summary>
    internal static string Snake(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0 && result.Length > 0 && result[^1] != '_' && !char.IsAsciiLetterUpper(name[i - 1]))
                {
                    result.Append('_');
                }

                result.Append(char.ToLowerInvariant(c));
            }
            else
            {
                result.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
            }
        }

        return result.Length > 0 && char.IsAsciiDigit(result[0]) ? "_" + result : result.ToString();
    }
}
