using System.ComponentModel.DataAnnotations;

namespace Supervision.Alerting.Window;

/// <summary>
/// The live window (section <c>Alerting:Live</c>): an InfluxDB subscription streams every point written to the
/// database's default retention policy to this service, which keeps the recent points of the fields its rules read and
/// answers their queries from memory (docs: src/Alerting/README.md, "Live window").
/// </summary>
public sealed class LiveWindowOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Alerting:Live";

    /// <summary>Whether to subscribe and answer from memory; off, every query goes to InfluxDB.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The address InfluxDB posts to (this service as InfluxDB reaches it, e.g. <c>http://127.0.0.1:9094</c>); empty:
    /// the first address the service listens on.
    /// </summary>
    public string? CallbackUrl { get; set; }

    /// <summary>The subscription's name in InfluxDB; empty: <c>supervision_alerting_{port}</c>, one per service node.</summary>
    public string? SubscriptionName { get; set; }

    /// <summary>The retention policy subscribed to; empty: the database's default (where collectors write).</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>How often the subscription is checked (and made again when InfluxDB lost it).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// No point for this long means the stream may have missed some: the window is trusted again only for data after
    /// the next point arrives (queries go to InfluxDB meanwhile).
    /// </summary>
    public TimeSpan GapAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest body accepted from InfluxDB, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>What is kept; empty: <see cref="DefaultKeep"/> (what the shipped rules read).</summary>
    public IList<KeptSeries> Keep { get; } = [];

    /// <summary>The shipped rules' fields: an hour of scrapes (the hour-long availability rule), minutes of the rest.</summary>
    public static IReadOnlyList<KeptSeries> DefaultKeep { get; } =
    [
        new() { Measurement = Measurements.Scrape, Fields = [ScrapeFields.StatusCode, ScrapeFields.Up], Horizon = TimeSpan.FromMinutes(65) },
        new()
        {
            Measurement = SystemCatalogue.Dossier, Fields = [CatalogueMetrics.DossierOverdue, CatalogueMetrics.DossierInProgress],
            Horizon = TimeSpan.FromMinutes(20), Changes = [CatalogueMetrics.DossierResolved],
        },
        new() { Measurement = SystemCatalogue.Network, Fields = [CatalogueMetrics.NetworkRttSeconds], Horizon = TimeSpan.FromMinutes(10) },
        new() { Measurement = SystemCatalogue.Portal, Fields = [CatalogueMetrics.PortalSyncLagSeconds], Horizon = TimeSpan.FromMinutes(10) },
        new() { Measurement = SystemCatalogue.Edoc, Fields = [CatalogueMetrics.EdocQueueLength], Horizon = TimeSpan.FromMinutes(10) },
    ];

    /// <summary>The effective list.</summary>
    public IReadOnlyList<KeptSeries> EffectiveKeep => Keep.Count > 0 ? [.. Keep] : DefaultKeep;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckInterval <= TimeSpan.Zero || GapAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Alerting:Live: CheckInterval and GapAfter must be positive", [nameof(CheckInterval), nameof(GapAfter)]);
        }

        if (CallbackUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"Alerting:Live:CallbackUrl: '{url}' is not an absolute URL", [nameof(CallbackUrl)]);
        }

        for (var i = 0; i < Keep.Count; i++)
        {
            var k = Keep[i];
            if (string.IsNullOrWhiteSpace(k.Measurement) || k.Fields.Count + k.Changes.Count == 0 || k.Horizon <= TimeSpan.Zero || k.ChangesHorizon <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Alerting:Live:Keep:{i}: needs a Measurement, at least one field or change-tracked field, and positive horizons", [nameof(Keep)]);
            }
        }
    }
}

/// <summary>Fields of one measurement kept in the live window, and for how long.</summary>
public sealed class KeptSeries
{
    /// <summary>The measurement.</summary>
    public string Measurement { get; set; } = "";

    /// <summary>Its fields kept (numbers and booleans).</summary>
    public IList<string> Fields { get; set; } = [];

    /// <summary>How far back points are kept; a rule reading further back is answered by InfluxDB.</summary>
    public TimeSpan Horizon { get; set; }

    /// <summary>
    /// Fields whose changes are tracked without keeping their points (the latest value and changes only), to answer
    /// "unchanged since" over long spans: "nothing resolved for 4 working hours" may reach back over a weekend.
    /// </summary>
    public IList<string> Changes { get; set; } = [];

    /// <summary>How far back a change-tracked field answers (a series silent this long is forgotten).</summary>
    public TimeSpan ChangesHorizon { get; set; } = TimeSpan.FromDays(4);
}
