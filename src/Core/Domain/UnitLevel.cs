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
}
