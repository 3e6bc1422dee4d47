using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Supervision.Dashboard.Reports;

/// <summary>Where a report stands.</summary>
public enum ReportStatus
{
    /// <summary>Printed and archived, not yet sent.</summary>
    Rendered,

    /// <summary>Sent to its recipients (final).</summary>
    Sent,

    /// <summary>An attempt failed; another follows at <see cref="ReportRecord.NextAttemptAt"/>.</summary>
    Failed,

    /// <summary><see cref="ReportOptions.MaxAttempts"/> attempts failed; waits for an admin's retry.</summary>
    GaveUp,
}

/// <summary>The archive's index entry of one report (a JSON file beside its PDF).</summary>
/// <param name="Id">Report id (<see cref="ReportDue.Id"/>).</param>
/// <param name="Kind">Weekly or monthly.</param>
/// <param name="Scope"><c>national</c> or a province code.</param>
/// <param name="Title">The report's title (also the mail's subject and the PDF's title).</param>
/// <param name="PeriodStart">Start of the period (UTC).</param>
/// <param name="PeriodEnd">End of the period (UTC, exclusive).</param>
/// <param name="DueAt">When it fell due.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="NextAttemptAt">When the next attempt may run (after a failure), or null.</param>
/// <param name="FailedStep">The step of the last failure (<c>render</c>, <c>send</c>), or null.</param>
/// <param name="LastError">The last failure's message, or null.</param>
/// <param name="RenderedAt">When the PDF was archived.</param>
/// <param name="RenderSeconds">How long reading, rendering and printing took.</param>
/// <param name="PdfBytes">Size of the archived PDF.</param>
/// <param name="SentAt">When the SMTP server accepted it.</param>
/// <param name="SentBy">The Dashboard node that sent it.</param>
/// <param name="Recipients">How many addresses it went to.</param>
/// <param name="UpdatedAt">Last change of this record.</param>
public sealed record ReportRecord(
    string Id,
    ReportKind Kind,
    string Scope,
    string Title,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    DateTimeOffset DueAt,
    ReportStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? FailedStep,
    string? LastError,
    DateTimeOffset? RenderedAt,
    double? RenderSeconds,
    long? PdfBytes,
    DateTimeOffset? SentAt,
    string? SentBy,
    int Recipients,
    DateTimeOffset UpdatedAt)
{
    /// <summary>True when the scope is the whole country.</summary>
    [JsonIgnore]
    public bool IsNational => string.Equals(Scope, ReportOptions.National, StringComparison.Ordinal);
}

/// <summary>
/// The reports' archive: a folder holding <c>{id}.pdf</c> and <c>{id}.json</c> (the index entry) per report, and
/// <c>schedule-since.txt</c> (when this archive first scheduled anything). One file per report, each replaced whole
/// (written aside, then renamed), so two Dashboards sharing the folder never write the same file at once: a report
/// is only written by the node holding its lease.
/// </summary>
public sealed partial class ReportArchive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Creates the archive over <paramref name="folder"/> (created when missing).</summary>
    public ReportArchive(string folder)
    {
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>True when <paramref name="id"/> has the shape of a report id (so it can name a file safely).</summary>
    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>
    /// When this archive first scheduled reports; set to <paramref name="now"/> on the first call. Periods that ended
    /// before it are not sent: a new install does not mail out old periods.
    /// </summary>
    public DateTimeOffset Since(DateTimeOffset now)
    {
        var path = Path.Combine(Folder, "schedule-since.txt");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Folder);
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(file);
                writer.Write(now.ToString("O", CultureInfo.InvariantCulture));
                return now;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another node made it first: read theirs.
            }
        }

        var text = File.ReadAllText(path).Trim();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            ? since
            : throw new InvalidDataException($"{path}: '{text}' is not an instant (ISO 8601); fix or delete the file");
    }

    /// <summary>The record of <paramref name="id"/>, or null when there is none.</summary>
    public ReportRecord? Find(string id)
    {
        var path = JsonPath(id);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ReportRecord>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a report record: {ex.Message}", ex);
        }
    }

    /// <summary>Every record, newest period first; unreadable files are passed over (named in <paramref name="problems"/>).</summary>
    public IReadOnlyList<ReportRecord> List(List<string>? problems = null)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var list = new List<ReportRecord>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            if (!IsId(Path.GetFileNameWithoutExtension(path)))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<ReportRecord>(File.ReadAllBytes(path), Json) is { } record)
                {
                    list.Add(record);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                problems?.Add($"{path}: {ex.Message}");
            }
        }

        return list.OrderByDescending(r => r.PeriodEnd).ThenBy(r => r.Kind).ThenBy(r => r.IsNational ? string.Empty : r.Scope, StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes <paramref name="record"/> whole (aside, then renamed over the old one).</summary>
    public void Save(ReportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Replace(JsonPath(record.Id), JsonSerializer.SerializeToUtf8Bytes(record, Json));
    }

    /// <summary>Archives the PDF of <paramref name="id"/>.</summary>
    public void SavePdf(string id, byte[] pdf) => Replace(PdfPath(id), pdf);

    /// <summary>The PDF's path (it may not exist yet).</summary>
    public string PdfPath(string id) => Path.Combine(Folder, Checked(id) + ".pdf");

    private string JsonPath(string id) => Path.Combine(Folder, Checked(id) + ".json");

    private void Replace(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Folder);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static string Checked(string id) => IsId(id) ? id : throw new ArgumentException($"'{id}' is not a report id", nameof(id));

    [GeneratedRegex("^(weekly-[0-9]{4}-[0-9]{2}-[0-9]{2}|monthly-[0-9]{4}-[0-9]{2})-(national|[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
