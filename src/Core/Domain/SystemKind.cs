namespace Supervision.Core.Domain;

/// <summary>A kind of monitored system and the levels at which it runs (DESIGN.md catalogue).</summary>
/// <param name="Key">Stable key used in target ids, tags and rule selectors, e.g. <c>edoc</c>.</param>
/// <param name="Description">What the system is.</param>
/// <param name="Levels">The unit levels that run this system by default.</param>
/// <param name="NameVi">Its Vietnamese name, as alert texts and pages show it (e.g. "Liên thông văn bản điện tử").</param>
public sealed record SystemKind(string Key, string Description, IReadOnlyList<UnitLevel> Levels, string NameVi)
{
    /// <summary>True when units of <paramref name="level"/> run this system by default.</summary>
    public bool RunsAt(UnitLevel level)
    {
        foreach (var l in Levels)
        {
            if (l == level)
            {
                return true;
            }
        }

        return false;
    }
}
