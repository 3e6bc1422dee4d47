namespace Supervision.Alerting.State;

/// <summary>Where alert state, acknowledgements and silences live between restarts.</summary>
internal interface IAlertStateStore
{
    /// <summary>True when other nodes write the same state (a cluster): what a node holds in memory must be re-read before a pass.</summary>
    bool IsShared { get; }

    IReadOnlyList<AlertRecord> LoadAlerts();

    /// <summary>Writes changed alerts and deletes forgotten ones in one transaction.</summary>
    void Save(IReadOnlyCollection<AlertRecord> changed, IReadOnlyCollection<string> deleted);

    IReadOnlyList<StoredSilence> LoadSilences();

    void SaveSilence(StoredSilence silence);
}
