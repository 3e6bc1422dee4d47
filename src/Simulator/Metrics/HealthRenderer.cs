namespace Supervision.Simulator.Metrics;

/// <summary>
/// Renders /health as ASP.NET Core's health-check JSON (the shape of HealthChecks.UI's response writer):
/// <c>status</c>, <c>totalDuration</c>, <c>entries</c> each with <c>data</c>, <c>description</c>,
/// <c>duration</c>, <c>status</c>, <c>tags</c>. Healthy and Degraded answer 200, Unhealthy 503, as
/// ASP.NET's default status-code mapping does.
/// </summary>
public sealed class HealthRenderer
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>Health status names, as ASP.NET writes them.</summary>
    public const string Healthy = "Healthy";

    /// <summary>Degraded.</summary>
    public const string Degraded = "Degraded";

    /// <summary>Unhealthy.</summary>
    public const string Unhealthy = "Unhealthy";

    /// <summary>Writes the body; returns the HTTP status code to answer with.</summary>
    public static int Render(TargetProfile profile, DateTimeOffset now, in FaultEffects effects, PooledBuffer output)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var unhealthy = effects.Down is not null;
        var stalled = effects.StallStart is { } s && s < now && profile.Target.System == SystemCatalogue.Dossier;
        var overall = unhealthy ? Unhealthy : stalled ? Degraded : Healthy;
        using var w = new Utf8JsonWriter(output, WriterOptions);
        w.WriteStartObject();
        w.WriteString("status"u8, overall);
        var extra = TimeSpan.FromMilliseconds(effects.DelayMs);
        var db = Duration(profile, now, 1, extra);
        var dep = Duration(profile, now, 2, extra);
        var total = (db > dep ? db : dep) + TimeSpan.FromTicks(1200 + (long)(profile.Noise(3, now) * 800));
        WriteDuration(w, "totalDuration"u8, total);
        w.WritePropertyName("entries"u8);
        w.WriteStartObject();
        Entry(w, "database", unhealthy ? Unhealthy : Healthy, unhealthy ? "Database connection refused." : "Database reachable.", db, "db");
        var (depName, depText) = Dependency(profile.Target.System);
        Entry(w, depName, Healthy, depText, dep, "dependency");
        if (profile.Target.System == SystemCatalogue.Dossier)
        {
            w.WritePropertyName("procedures"u8);
            w.WriteStartObject();
            w.WritePropertyName("data"u8);
            w.WriteStartObject();
            if (stalled)
            {
                w.WriteString("stalledSince"u8, effects.StallStart!.Value);
            }

            w.WriteEndObject();
            w.WriteString("description"u8, stalled ? "No dossier resolved since the stall began." : "Dossiers are being resolved.");
            WriteDuration(w, "duration"u8, TimeSpan.FromTicks(3000));
            w.WriteString("status"u8, stalled ? Degraded : Healthy);
            w.WritePropertyName("tags"u8);
            w.WriteStartArray();
            w.WriteStringValue("workflow"u8);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        return unhealthy ? 503 : 200;
    }

    private static void Entry(Utf8JsonWriter w, string name, string status, string description, TimeSpan duration, string tag)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        w.WritePropertyName("data"u8);
        w.WriteStartObject();
        w.WriteEndObject();
        w.WriteString("description"u8, description);
        WriteDuration(w, "duration"u8, duration);
        w.WriteString("status"u8, status);
        w.WritePropertyName("tags"u8);
        w.WriteStartArray();
        w.WriteStringValue(tag);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static (string Name, string Description) Dependency(string system) => system switch
    {
        SystemCatalogue.Edoc => ("exchange-platform", "National document exchange platform reachable."),
        SystemCatalogue.Dossier => ("national-portal", "National Public Service Portal reachable."),
        SystemCatalogue.Portal => ("national-portal", "National Public Service Portal API reachable."),
        SystemCatalogue.OpsMgmt => ("signature-service", "Digital signature service reachable."),
        SystemCatalogue.Meeting => ("media-server", "Media server reachable."),
        SystemCatalogue.Handbook => ("identity", "Identity provider reachable."),
        SystemCatalogue.Network => ("link", "Dedicated link probe answered."),
        _ => ("dependency", "Dependency reachable."),
    };

    private static TimeSpan Duration(TargetProfile p, DateTimeOffset now, ulong purpose, TimeSpan extra) =>
        TimeSpan.FromTicks(5000 + (long)(p.Noise(purpose, now) * 60000)) + extra;

    // TimeSpan's constant ("c") format, as ASP.NET's writer emits it: 00:00:00.0123456.
    private static void WriteDuration(Utf8JsonWriter w, ReadOnlySpan<byte> name, TimeSpan value)
    {
        Span<byte> buffer = stackalloc byte[32];
        value.TryFormat(buffer, out var n, "c", System.Globalization.CultureInfo.InvariantCulture);
        w.WriteString(name, buffer[..n]);
    }
}
