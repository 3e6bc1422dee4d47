using System.Reflection;
using Supervision.Core.Domain;
using Supervision.Core.Schema;

namespace Supervision.Testing;

/// <summary>The Core storage schema's names as sets, read from its constants, for tests that hold text against it.</summary>
public static class SchemaNames
{
    /// <summary>The values of <paramref name="type"/>'s <c>const string</c> fields.</summary>
    public static IReadOnlySet<string> Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every measurement: the center's own, the day roll-ups and one per system kind of the catalogue.</summary>
    public static IReadOnlySet<string> Measurements()
    {
        var names = new HashSet<string>(Of(typeof(Measurements)).Where(n => n != Core.Schema.Measurements.SummaryPrefix), StringComparer.Ordinal);
        for (var hour = 0; hour < 24; hour++)
        {
            names.Add(Core.Schema.Measurements.DayRollup(Core.Schema.Measurements.SummaryUnit, hour));
            names.Add(Core.Schema.Measurements.DayRollup(Core.Schema.Measurements.SummaryAvailability, hour));
        }

        names.UnionWith(SystemCatalogue.Kinds.Select(k => k.Key));
        return names;
    }

    /// <summary>
    /// Every field of the scraped catalogue as stored: each metric under its name and, for histograms and summaries,
    /// with <c>_bucket</c>, <c>_sum</c>, <c>_count</c>.
    /// </summary>
    public static IReadOnlySet<string> CatalogueFields()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in Of(typeof(CatalogueMetrics)))
        {
            names.UnionWith([metric, metric + "_bucket", metric + "_sum", metric + "_count"]);
        }

        return names;
    }
}
