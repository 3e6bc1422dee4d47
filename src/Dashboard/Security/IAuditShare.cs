namespace Supervision.Dashboard.Security;

/// <summary>Where a Dashboard cluster's nodes share their audit entries, so <c>/api/access-audit</c> and the console show every node's.</summary>
public interface IAuditShare
{
    /// <summary>Adds an entry (best effort: the node's file and log keep it either way).</summary>
    void Append(AuditEntry entry);

    /// <summary>The newest entries of all nodes first; null when the share cannot answer now.</summary>
    IReadOnlyList<AuditEntry>? Recent(int limit, string? target);
}
