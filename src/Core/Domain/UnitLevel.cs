namespace Supervision.Core.Domain;

/// <summary>The level of an administrative unit in the two-level local government.</summary>
public enum UnitLevel
{
    /// <summary>The central agencies; unit id <c>central</c>.</summary>
    Central,

    /// <summary>One of the 34 provinces and centrally-run cities; 2-digit official code.</summary>
    Province,

    /// <summary>A commune, ward or special zone; 5-digit official code, with a parent province.</summary>
    Commune,

    /// <summary>
    /// The supervision center itself (unit id <c>center</c>): its collectors, Alerting, Dashboard and InfluxDB,
    /// scraped like any other unit's systems so the center is watched with the same rules (self-monitoring).
    /// Outside the administrative tree: it rolls up into no province and the national figures.
    /// </summary>
    Center,
}

/// <summary>The one spelling of a <see cref="UnitLevel"/> in files, tags and labels (<c>level</c>).</summary>
public static class UnitLevelText
{
    /// <summary>Every spelling, in enum order, for error messages.</summary>
    public const string Known = "central, province, commune or center";

    /// <summary>The text of <paramref name="level"/>: <c>central</c>, <c>province</c>, <c>commune</c>, <c>center</c>.</summary>
    public static string Of(UnitLevel level) => level switch
    {
        UnitLevel.Central => "central",
        UnitLevel.Province => "province",
        UnitLevel.Center => "center",
        _ => "commune",
    };

    /// <summary>Reads a level's text; false when it is none of <see cref="Known"/>.</summary>
    public static bool TryParse(string? text, out UnitLevel level)
    {
        switch (text)
        {
            case "central": level = UnitLevel.Central; return true;
            case "province": level = UnitLevel.Province; return true;
            case "commune": level = UnitLevel.Commune; return true;
            case "center": level = UnitLevel.Center; return true;
            default: level = default; return false;
        }
    }
}
