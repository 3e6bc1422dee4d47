using System.Text.Encodings.Web;

namespace Supervision.Alerting.Notify.Channels;

/// <summary>
/// The small template language of the HTTP channel: <c>{{name}}</c>, <c>{{name|json}}</c> (escaped for a JSON
/// string), <c>{{name|url}}</c> (URL-encoded) and <c>{{secret.name}}</c>. Templates are checked at load time.
/// </summary>
public static class MessageTemplate
{
    /// <summary>Variables every message offers.</summary>
    public static readonly IReadOnlySet<string> Variables = new HashSet<string>(StringComparer.Ordinal)
    {
        "status", "receiver", "recipient", "title", "text", "summary", "alert_count", "firing_count", "resolved_count",
        "group_key", "group_url", "dashboard_url", "runbook_url", "province_name", "unit_name", "starts_at", "severity", "reason",
    };

    /// <summary>A problem with the template, or null when it is valid.</summary>
    public static string? Validate(string template, IEnumerable<string> secretNames)
    {
        ArgumentNullException.ThrowIfNull(template);
        var secrets = new HashSet<string>(secretNames, StringComparer.Ordinal);
        string? problem = null;
        Walk(template, (name, filter) =>
        {
            if (problem is not null)
            {
                return string.Empty;
            }

            if (name.StartsWith("secret.", StringComparison.Ordinal))
            {
                if (!secrets.Contains(name[7..])) { problem = $"unknown secret '{name[7..]}'"; }
            }
            else if (!Variables.Contains(name))
            {
                problem = $"unknown variable '{name}' (known: {string.Join(", ", Variables.Order(StringComparer.Ordinal))})";
            }

            if (filter is not null and not "json" and not "url")
            {
                problem = $"unknown filter '{filter}' (json, url)";
            }

            return string.Empty;
        }, out var syntax);
        return syntax ?? problem;
    }

    /// <summary>Renders the template; unknown names render empty (templates are validated at load).</summary>
    public static string Render(string template, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return Walk(template, (name, filter) =>
        {
            var value = lookup(name) ?? string.Empty;
            return filter switch
            {
                "json" => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
                "url" => Uri.EscapeDataString(value),
                _ => value,
            };
        }, out _);
    }

    private static string Walk(string template, Func<string, string?, string> substitute, out string? syntaxError)
    {
        syntaxError = null;
        var sb = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                syntaxError = $"'{{{{' at offset {open} is not closed";
                break;
            }

            var inner = template.AsSpan(open + 2, close - open - 2).Trim();
            var bar = inner.IndexOf('|');
            var name = (bar < 0 ? inner : inner[..bar]).Trim().ToString();
            var filter = bar < 0 ? null : inner[(bar + 1)..].Trim().ToString();
            sb.Append(substitute(name, filter));
            i = close + 2;
        }

        return sb.ToString();
    }
}
