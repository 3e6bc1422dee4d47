using System.Globalization;
using System.Text;

namespace Supervision.Alerting.Rules;

/// <summary>
/// Annotation templates in Prometheus' spelling, limited to what operators need:
/// <c>{{ $labels.name }}</c> and <c>{{ $value }}</c>. Anything else is a load-time error, not a blank at 3 a.m.
/// </summary>
internal static class AnnotationTemplate
{
    public static IEnumerable<string> Check(string template)
    {
        var i = 0;
        while ((i = template.IndexOf("{{", i, StringComparison.Ordinal)) >= 0)
        {
            var end = template.IndexOf("}}", i, StringComparison.Ordinal);
            if (end < 0)
            {
                yield return "'{{' without a closing '}}'";
                yield break;
            }

            var expr = template[(i + 2)..end].Trim();
            if (expr != "$value" && !(expr.StartsWith("$labels.", StringComparison.Ordinal) && expr.Length > 8))
            {
                yield return $"'{{{{ {expr} }}}}' is not supported; use {{{{ $labels.<name> }}}} or {{{{ $value }}}}";
            }

            i = end + 2;
        }
    }

    public static string Render(string template, IReadOnlyDictionary<string, string> labels, double value)
    {
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            return template;
        }

        var sb = new StringBuilder(template.Length + 16);
        var i = 0;
        while (true)
        {
            var start = template.IndexOf("{{", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : template.IndexOf("}}", start, StringComparison.Ordinal);
            if (start < 0 || end < 0)
            {
                sb.Append(template, i, template.Length - i);
                return sb.ToString();
            }

            sb.Append(template, i, start - i);
            var expr = template[(start + 2)..end].Trim();
            if (expr == "$value")
            {
                sb.Append(Math.Round(value, 4).ToString(CultureInfo.InvariantCulture));
            }
            else if (expr.StartsWith("$labels.", StringComparison.Ordinal) && labels.TryGetValue(expr[8..], out var v))
            {
                sb.Append(v);
            }

            i = end + 2;
        }
    }
}
