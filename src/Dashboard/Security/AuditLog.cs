namespace Supervision.Dashboard.Security;

/// <summary>One audited action.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who (user name, or the name tried for a failed sign-in).</param>
/// <param name="Action">What, e.g. <c>signin</c>, <c>signin.failed</c>, <c>alert.ack</c>, <c>silence.create</c>.</param>
/// <param name="Target">On what: an alert id, a silence id, a user name.</param>
/// <param name="Outcome"><c>ok</c>, <c>denied</c> or <c>error</c>.</param>
/// <param name="Detail">Comment, matchers, error text; never a password.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Outcome, string? Detail);

/// <summary>
/// Who did what, when, to what: every sign-in attempt and every action taken through the Dashboard. Appended to a
/// JSON-lines file (kept when the Dashboard restarts), written to the log, and the newest entries kept in memory
/// for the console's timelines and <c>GET /api/access-audit</c>.
/// </summary>
public sealed class AuditLog
{
    private const int Remembered = 2_000;
    private readonly object _gate = new();
    private readonly LinkedList<AuditEntry> _recent = new();
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditLog> _logger;
    private readonly IAuditShare? _share;

    /// <summary>Creates the log; the file's folder is created when missing. <paramref name="share"/>: a cluster's shared list.</summary>
    public AuditLog(IOptions<SecurityOptions> options, TimeProvider time, ILogger<AuditLog> logger, IAuditShare? share = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logger = logger;
        _share = share;
        if (!string.IsNullOrWhiteSpace(options.Value.AuditPath))
        {
            _path = Path.GetFullPath(options.Value.AuditPath);
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        }
    }

    /// <summary>Raised after an entry is recorded (the console refreshes timelines on it).</summary>
    public event Action<AuditEntry>? Recorded;

    /// <summary>Records an action now.</summary>
    public AuditEntry Record(string actor, string action, string target, string outcome = "ok", string? detail = null)
    {
        var entry = new AuditEntry(_time.GetUtcNow(), actor, action, target, outcome, detail);
        lock (_gate)
        {
            _recent.AddFirst(entry);
            if (_recent.Count > Remembered)
            {
                _recent.RemoveLast();
            }

            if (_path is not null)
            {
                try
                {
                    File.AppendAllText(_path, JsonSerializer.Serialize(entry, JsonSerializerOptions.Web) + "\n");
                }
                catch (IOException ex)
                {
                    // The action already happened: losing the file line must not undo it; the log line below still records it.
                    SecurityLog.AuditFileFailed(_logger, _path, ex);
                }
            }
        }

        SecurityLog.Audited(_logger, entry.Actor, entry.Action, entry.Target, entry.Outcome);
        _share?.Append(entry);
        Recorded?.Invoke(entry);
        return entry;
    }

    /// <summary>The newest entries first, optionally only those on one target.</summary>
    public IReadOnlyList<AuditEntry> Recent(int limit, string? target = null)
    {
        if (_share?.Recent(limit, target) is { } shared)
        {
            return shared;
        }

        lock (_gate)
        {
            var list = new List<AuditEntry>(Math.Min(limit, _recent.Count));
            foreach (var entry in _recent)
            {
                if (list.Count >= limit)
                {
                    break;
                }

                if (target is null || entry.Target == target)
                {
                    list.Add(entry);
                }
            }

            return list;
        }
    }
}
