namespace Supervision.Core.Schema;

/// <summary>Tag keys the center sets on the points it writes (a sample's own labels are tags too, under their names).</summary>
public static class TagNames
{
    /// <summary>Official unit code.</summary>
    public const string Unit = "unit";

    /// <summary>Two-digit province code (absent for central agencies).</summary>
    public const string Province = "province";

    /// <summary>System key (<see cref="Domain.SystemCatalogue"/>).</summary>
    public const string System = "system";

    /// <summary><c>central</c>, <c>province</c> or <c>commune</c>.</summary>
    public const string Level = "level";

    /// <summary>The agent that wrote the point.</summary>
    public const string Collector = "collector";

    /// <summary>The health entry's name (measurement <c>health</c>).</summary>
    public const string Entry = "entry";

    /// <summary>The agent's shard, e.g. <c>0/2</c> (measurement <c>collector</c>).</summary>
    public const string Shard = "shard";

    /// <summary>
    /// The prefix a sample label takes when its name is one of the center's tags (or <c>time</c>): the center's own
    /// value wins, the sample's is kept as <c>exported_unit</c> and so on (as Prometheus does).
    /// </summary>
    public const string ExportedPrefix = "exported_";

    /// <summary>The tags of every target's points, in this order: <see cref="Unit"/>, <see cref="Province"/>, <see cref="System"/>, <see cref="Level"/>.</summary>
    public static IReadOnlyList<string> OfTarget { get; } = [Unit, Province, System, Level];

    /// <summary>
    /// True for the tags the center sets on every target's point (<see cref="Unit"/>, <see cref="Province"/>,
    /// <see cref="System"/>, <see cref="Level"/>): a sample label of that name is stored under <see cref="ExportedPrefix"/>.
    /// </summary>
    public static bool IsTargetTag(ReadOnlySpan<char> key) => key is Unit or Province or System or Level;

    /// <summary>The same as <see cref="IsTargetTag(ReadOnlySpan{char})"/> for an ASCII/UTF-8 key, without decoding it.</summary>
    public static bool IsTargetTag(ReadOnlySpan<byte> key) =>
        Ascii.Equals(key, Unit) || Ascii.Equals(key, Province) || Ascii.Equals(key, System) || Ascii.Equals(key, Level);
}
