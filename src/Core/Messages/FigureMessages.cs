namespace Supervision.Core.Messages;

/// <summary>
/// One collector's part of the wallboard's national figures, computed from what it scraped (no InfluxDB read):
/// the Dashboard adds the parts of the live collectors.
/// </summary>
/// <param name="CollectorId">The reporting agent.</param>
/// <param name="At">When the collector computed it.</param>
/// <param name="Day">The Vietnam calendar day that <paramref name="DossiersResolvedToday"/> counts.</param>
/// <param name="DocumentsPerMinute">E-documents sent in the 60 s before <paramref name="At"/>: the increase of
/// <c>edoc_documents_sent_total</c> between consecutive scrapes, summed over channels and targets.</param>
/// <param name="DossiersResolvedToday">Increase of <c>dossier_resolved_total</c> between scrapes both made since
/// Vietnam's midnight, summed over procedures, timeliness and targets.</param>
/// <param name="OverdueDossiers">Sum of the latest <c>dossier_overdue</c> of targets scraped in the last 2 minutes.</param>
/// <param name="EdocTargets">E-document targets whose counters are in the figure.</param>
/// <param name="DossierTargets">Dossier targets whose values are in the figures.</param>
public sealed record FigureReport(
    string CollectorId, DateTimeOffset At, DateOnly Day, double DocumentsPerMinute, double DossiersResolvedToday, double OverdueDossiers,
    int EdocTargets, int DossierTargets);
