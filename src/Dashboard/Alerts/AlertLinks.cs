namespace Supervision.Dashboard.Alerts;

/// <summary>Where an alert lives in the Dashboard: the one address every message and list points at.</summary>
public static class AlertLinks
{
    /// <summary>Route of the alert page (also what Alerting's notifications link to: <c>{DashboardUrl}/alerts/{id}</c>).</summary>
    public const string Prefix = "/alerts/";

    /// <summary>The page of one alert.</summary>
    public static string Page(string alertId)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        return Prefix + Uri.EscapeDataString(alertId);
    }
}
