namespace Supervision.Alerting.Engine;

/// <summary>Receives alert changes after each pass (the Dashboard pusher); must not block.</summary>
internal interface IAlertChangeSink
{
    void Publish(IReadOnlyList<AlertView> changed);
}
