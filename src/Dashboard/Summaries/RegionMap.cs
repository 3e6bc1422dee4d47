using System.Collections.Frozen;
using Supervision.Core.Common;

namespace Supervision.Dashboard.Summaries;

/// <summary>A socio-economic region (Resolution 81/2023/QH15) and the macro region (North, Central, South) it lies in.</summary>
/// <param name="Key">Stable key used in URLs, e.g. <c>mekong-delta</c>.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="Macro">Macro region key: <c>north</c>, <c>central</c> or <c>south</c>.</param>
/// <param name="MacroName">Vietnamese name of the macro region.</param>
public sealed record Region(string Key, string Name, string Macro, string MacroName);

/// <summary>
/// Which region each province belongs to, read from <c>config/vn-regions.csv</c> (columns
/// <c>code,name_vi,region,region_vi,macro,macro_vi</c>; source in docs/summaries.md). A file, so a
/// later resolution is an edit, not a release.
/// </summary>
public sealed class RegionMap
{
    private readonly FrozenDictionary<string, Region> _byProvince;

    /// <summary>Builds a map from province code to region.</summary>
    public RegionMap(IReadOnlyDictionary<string, Region> byProvince)
    {
        ArgumentNullException.ThrowIfNull(byProvince);
        _byProvince = byProvince.ToFrozenDictionary(StringComparer.Ordinal);
        var regions = new List<Region>();
        foreach (var region in byProvince.Values)
        {
            if (!regions.Exists(r => r.Key == region.Key))
            {
                regions.Add(region);
            }
        }

        Regions = regions;
    }

    /// <summary>The regions in file order.</summary>
    public IReadOnlyList<Region> Regions { get; }

    /// <summary>The region of a province, or null when the file does not list it.</summary>
    public Region? Of(string? provinceCode) => provinceCode is null ? null : _byProvince.GetValueOrDefault(provinceCode);

    /// <summary>True when <paramref name="provinceCode"/> lies in the region or macro region <paramref name="key"/> (null = everywhere).</summary>
    public bool Contains(string? key, string? provinceCode)
    {
        if (string.IsNullOrEmpty(key))
        {
            return true;
        }

        return Of(provinceCode) is { } region && (region.Key == key || region.Macro == key);
    }

    /// <summary>True when <paramref name="key"/> names a region or a macro region.</summary>
    public bool IsKnown(string key)
    {
        foreach (var region in Regions)
        {
            if (region.Key == key || region.Macro == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Vietnamese name of a region or macro region key, or the key itself.</summary>
    public string NameOf(string key)
    {
        foreach (var region in Regions)
        {
            if (region.Key == key)
            {
                return region.Name;
            }

            if (region.Macro == key)
            {
                return region.MacroName;
            }
        }

        return key;
    }

    /// <summary>Loads the table; throws <see cref="FormatException"/> naming file:line for a bad row.</summary>
    public static RegionMap Load(string path)
    {
        var table = CsvTable.Read(path);
        var code = table.Column("code");
        var region = table.Column("region");
        var regionName = table.Column("region_vi");
        var macro = table.Column("macro");
        var macroName = table.Column("macro_vi");
        var map = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (row[code].Length != 2 || !char.IsAsciiDigit(row[code][0]) || !char.IsAsciiDigit(row[code][1]))
            {
                throw new FormatException($"{path}:{row.Line}: code '{row[code]}' is not a 2-digit province code");
            }

            if (row[macro] is not ("north" or "central" or "south"))
            {
                throw new FormatException($"{path}:{row.Line}: macro '{row[macro]}' must be north, central or south");
            }

            if (row[region].Length == 0)
            {
                throw new FormatException($"{path}:{row.Line}: region is empty");
            }

            if (!map.TryAdd(row[code], new Region(row[region], row[regionName], row[macro], row[macroName])))
            {
                throw new FormatException($"{path}:{row.Line}: province {row[code]} is listed twice");
            }
        }

        return new RegionMap(map);
    }
}
