namespace Supervision.Collector.Push;

/// <summary>
/// The body of <c>POST /push/{unit}/{system}/heartbeat</c> (docs/push-intake.md): empty (Up), or
/// <c>{"status": "up"|"degraded"|"down", "detail": "…", "health": {ASP.NET Core health-check JSON}}</c>, every member
/// optional. Without <c>status</c>, a <c>health</c> report decides as a scraped <c>/health</c> would: Degraded or Unhealthy
/// entries make the target Degraded or Down with reason UnhealthyEntry.
/// </summary>
public static class HeartbeatBody
{
    /// <summary>Reads a heartbeat; false with a message naming the member when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out DeclaredStatus? declared, out string error)
    {
        declared = null;
        error = string.Empty;
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            declared = new DeclaredStatus(TargetStatus.Up, StatusReason.None, null, null);
            return true;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object with status, detail and health (each optional)";
                return false;
            }

            TargetStatus? status = null;
            string? detail = null;
            HealthReport? health = null;
            foreach (var member in root.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "status":
                        status = member.Value.ValueKind == JsonValueKind.String ? ParseStatus(member.Value.GetString()!) : null;
                        if (status is null)
                        {
                            error = $"status: '{member.Value}' is not one of up, degraded, down (or Healthy, Degraded, Unhealthy)";
                            return false;
                        }

                        break;
                    case "detail":
                        detail = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : member.Value.GetRawText();
                        break;
                    case "health":
                        if (!HealthReportParser.TryParse(System.Text.Encoding.UTF8.GetBytes(member.Value.GetRawText()), out health, out var healthError))
                        {
                            error = $"health: {healthError}";
                            return false;
                        }

                        break;
                    default:
                        error = $"unknown member '{member.Name}'; allowed: status, detail, health";
                        return false;
                }
            }

            if (status is { } given)
            {
                // A declared Degraded or Down is the system's own health verdict, as an unhealthy entry of a scraped /health.
                declared = new DeclaredStatus(given, given == TargetStatus.Up ? StatusReason.None : StatusReason.UnhealthyEntry, detail, health);
                return true;
            }

            if (health is not null && health.Status != HealthStatus.Healthy)
            {
                var unhealthy = string.Join(", ", health.Entries.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description is null ? e.Name : $"{e.Name}: {e.Description}"));
                declared = new DeclaredStatus(
                    health.Status == HealthStatus.Unhealthy ? TargetStatus.Down : TargetStatus.Degraded, StatusReason.UnhealthyEntry,
                    detail ?? (unhealthy.Length > 0 ? unhealthy : null), health);
                return true;
            }

            declared = new DeclaredStatus(TargetStatus.Up, StatusReason.None, detail, health);
            return true;
        }
    }

    private static TargetStatus? ParseStatus(string text) => text.ToLowerInvariant() switch
    {
        "up" or "healthy" or "ok" => TargetStatus.Up,
        "degraded" => TargetStatus.Degraded,
        "down" or "unhealthy" => TargetStatus.Down,
        _ => null,
    };
}
