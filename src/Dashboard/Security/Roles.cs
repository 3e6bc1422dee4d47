namespace Supervision.Dashboard.Security;

/// <summary>
/// The five roles (docs/security.md). A user holds one or more; what each may do is decided by the
/// policies in <see cref="Policies"/>, never by comparing role names in pages.
/// </summary>
public static class Roles
{
    /// <summary>Looks at wallboards and province views.</summary>
    public const string Viewer = "viewer";

    /// <summary>Control-room operator: acknowledges and silences alerts in the console.</summary>
    public const string Operator = "operator";

    /// <summary>On-call engineer: everything an operator does, plus maintenance windows.</summary>
    public const string Engineer = "engineer";

    /// <summary>Leader: the regional summaries and league tables.</summary>
    public const string Leader = "leader";

    /// <summary>Administrator: everything, including the access audit log.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, in the order of the docs.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Engineer, Leader, Admin];

    /// <summary>True for one of the five role names (exact, lower case).</summary>
    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
