namespace Supervision.Alerting.Rules;

/// <summary>
/// Annotation templates in Prometheus' spelling, limited to what operators need: <c>{{ $labels.name }}</c>,
/// <c>{{ $value }}</c>, <c>{{ $value | percent }}</c> (a ratio as a percentage, Vietnamese style: <c>75,1%</c>),
/// and the names the inventory gives the alert's labels: <c>{{ $unit_name }}</c>, <c>{{ $province_name }}</c>
/// (the unit's and province's Vietnamese names), <c>{{ $place }}</c> (the unit's name, then its province's when it is
/// a commune: <c>Tân Định, Hồ Chí Minh</c>) and <c>{{ $system_name }}</c> (the system's Vietnamese name), so
/// a message reads "Phường Tân Định" rather than "26737". Anything else is a load-time error, not a blank at 3 a.m.
/// </summary>
internal static class AnnotationTemplate
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly string[] Names = ["$unit_name", "$province_name", "$system_name", "$place"];

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
            if (!Supported(expr))
            {
                yield return $"'{{{{ {expr} }}}}' is not supported; use {{{{ $labels.<name> }}}}, {{{{ $value }}}}, {{{{ $value | percent }}}}, {{{{ $unit_name }}}}, {{{{ $province_name }}}}, {{{{ $place }}}} or {{{{ $system_name }}}}";
            }

            i = end + 2;
        }
    }

    /// <summary>Renders a checked template; <paramref name="inventory"/> names units (without it names fall back to codes).</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> labels, double value, Inventory? inventory = null)
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
            else if (IsPercent(expr))
            {
                sb.Append((value * 100).ToString("0.#", Vietnamese)).Append('%');
            }
            else if (Array.IndexOf(Names, expr) >= 0)
            {
                sb.Append(NameOf(expr, labels, inventory));
            }
            else if (expr.StartsWith("$labels.", StringComparison.Ordinal) && labels.TryGetValue(expr[8..], out var v))
            {
                sb.Append(v);
            }

            i = end + 2;
        }
    }

    private static bool Supported(string expr) =>
        expr == "$value" || IsPercent(expr) || Array.IndexOf(Names, expr) >= 0 || (expr.StartsWith("$labels.", StringComparison.Ordinal) && expr.Length > 8);

    private static bool IsPercent(string expr) =>
        expr.StartsWith("$value", StringComparison.Ordinal) && expr[6..].Trim() is ['|', .. var rest] && rest.Trim() == "percent";

    // A name the inventory does not know falls back to the code, so a message never has a hole in it.
    private static string NameOf(string expr, IReadOnlyDictionary<string, string> labels, Inventory? inventory)
    {
        switch (expr)
        {
            case "$system_name":
                var system = labels.GetValueOrDefault("system") ?? string.Empty;
                return SystemCatalogue.Find(system)?.NameVi ?? system;
            case "$place":
                var unitName = NameOf("$unit_name", labels, inventory);
                var provinceName = NameOf("$province_name", labels, inventory);
                return provinceName.Length == 0 || provinceName == unitName || labels.GetValueOrDefault("unit") is null ? (unitName.Length > 0 ? unitName : provinceName) : unitName + ", " + provinceName;
            case "$province_name":
                var province = labels.GetValueOrDefault("province") ?? string.Empty;
                return inventory?.FindUnit(province)?.Name ?? province;
            default:
                var unit = labels.GetValueOrDefault("unit") ?? string.Empty;
                return inventory?.FindUnit(unit)?.Name ?? unit;
        }
    }
}
