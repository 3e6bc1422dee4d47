namespace Supervision.Dashboard.Security;

/// <summary>Log messages of sign-in and access (event ids 3000–3099).</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(3000, LogLevel.Information, "audit: {Actor} {Action} {Target} → {Outcome}")]
    public static partial void Audited(ILogger logger, string actor, string action, string target, string outcome);

    [LoggerMessage(3001, LogLevel.Error, "audit file {Path} could not be written")]
    public static partial void AuditFileFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(3002, LogLevel.Warning, "no users are configured (Dashboard:Security:Users) and OpenID Connect is off: nobody can sign in")]
    public static partial void NoUsers(ILogger logger);

    [LoggerMessage(3004, LogLevel.Warning, "Dashboard:Security:AnonymousStatusApi is on: GET /api/status* and /hubs/status, with their alert lists, answer callers who have not signed in")]
    public static partial void AnonymousStatusApi(ILogger logger);

    [LoggerMessage(3003, LogLevel.Warning, "hub group '{Group}' refused for {User}: outside the user's provinces")]
    public static partial void GroupRefused(ILogger logger, string user, string group);
}
