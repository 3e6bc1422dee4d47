namespace Supervision.Dashboard.Security;

/// <summary>Answer of <c>GET /api/me</c>: who the session belongs to.</summary>
/// <param name="Name">User name.</param>
/// <param name="Roles">Roles (viewer, operator, engineer, leader, admin).</param>
/// <param name="Provinces">Province codes the user is bound to; empty for a national user.</param>
public sealed record SignedInUser(string? Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Provinces);
