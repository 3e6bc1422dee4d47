namespace Supervision.Core.Schema;

/// <summary>
/// Metric names of the catalogue served by the simulator and expected of real systems (docs/storage.md, "Metric
/// catalogue"). Stored as fields of the measurement named by the system key, under the name as exposed: a counter
/// with its <c>_total</c>, a histogram as <c>_bucket</c>, <c>_sum</c>, <c>_count</c>, a summary under its name (tag
/// <c>quantile</c>) and as <c>_sum</c>, <c>_count</c>. Always floats.
/// </summary>
public static class CatalogueMetrics
{
    /// <summary>dossier: counter, label <c>procedure</c>.</summary>
    public const string DossierReceived = "dossier_received_total";

    /// <summary>dossier: counter, labels <c>procedure</c>, <c>timeliness</c>.</summary>
    public const string DossierResolved = "dossier_resolved_total";

    /// <summary>dossier: gauge, label <c>procedure</c>.</summary>
    public const string DossierOverdue = "dossier_overdue";

    /// <summary>dossier: gauge, label <c>procedure</c>.</summary>
    public const string DossierInProgress = "dossier_in_progress";

    /// <summary>dossier: histogram of processing time in seconds.</summary>
    public const string DossierProcessingSeconds = "dossier_processing_seconds";

    /// <summary>edoc: counter, label <c>channel</c>.</summary>
    public const string EdocDocumentsSent = "edoc_documents_sent_total";

    /// <summary>edoc: counter, label <c>channel</c>.</summary>
    public const string EdocDocumentsReceived = "edoc_documents_received_total";

    /// <summary>edoc: gauge, documents waiting.</summary>
    public const string EdocQueueLength = "edoc_queue_length";

    /// <summary>edoc: histogram of delivery latency in seconds.</summary>
    public const string EdocDeliveryLatencySeconds = "edoc_delivery_latency_seconds";

    /// <summary>portal: gauge, seconds behind the national portal.</summary>
    public const string PortalSyncLagSeconds = "portal_sync_lag_seconds";

    /// <summary>portal: counter, label <c>status</c>.</summary>
    public const string PortalApiCalls = "portal_api_calls_total";

    /// <summary>portal: summary of API latency in seconds.</summary>
    public const string PortalApiLatencySeconds = "portal_api_latency_seconds";

    /// <summary>opsmgmt: gauge.</summary>
    public const string OpsMgmtActiveSessions = "opsmgmt_active_sessions";

    /// <summary>opsmgmt: counter, label <c>status</c>.</summary>
    public const string OpsMgmtRequests = "opsmgmt_requests_total";

    /// <summary>opsmgmt: histogram of request duration in seconds.</summary>
    public const string OpsMgmtRequestDurationSeconds = "opsmgmt_request_duration_seconds";

    /// <summary>meeting: gauge.</summary>
    public const string MeetingRoomsInSession = "meeting_rooms_in_session";

    /// <summary>meeting: gauge.</summary>
    public const string MeetingDevicesOnline = "meeting_devices_online";

    /// <summary>handbook: counter.</summary>
    public const string HandbookLogins = "handbook_logins_total";

    /// <summary>handbook: gauge.</summary>
    public const string HandbookActiveUsers = "handbook_active_users";

    /// <summary>network: gauge, 1 up, 0 down.</summary>
    public const string NetworkLinkUp = "network_link_up";

    /// <summary>network: gauge, round-trip time in seconds.</summary>
    public const string NetworkRttSeconds = "network_rtt_seconds";

    /// <summary>network: gauge, share of packets lost (0 … 1).</summary>
    public const string NetworkPacketLossRatio = "network_packet_loss_ratio";

    /// <summary>Every system: summary of its own API's latency in seconds.</summary>
    public const string HttpRequestDurationSeconds = "http_request_duration_seconds";
}

/// <summary>Labels (stored as tags) and label values of the catalogue that the center computes with.</summary>
public static class CatalogueLabels
{
    /// <summary>The label that splits <see cref="CatalogueMetrics.DossierResolved"/>.</summary>
    public const string Timeliness = "timeliness";

    /// <summary><c>timeliness</c> of dossiers resolved in time.</summary>
    public const string OnTime = "on_time";

    /// <summary><c>timeliness</c> of dossiers resolved late.</summary>
    public const string Late = "late";
}
