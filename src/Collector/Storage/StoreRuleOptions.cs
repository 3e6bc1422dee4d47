namespace Supervision.Collector.Storage;

/// <summary>
/// Which scraped metrics of one system kind are stored at raw resolution (section <c>Collector:Store:{system}</c>,
/// <c>*</c> for every system; docs/storage.md, "What is stored"). Patterns are metric names with <c>*</c> for any run
/// of characters, matched against the sample's name as exposed (<c>…_bucket</c>, <c>…_total</c> included).
/// </summary>
public sealed class StoreRuleOptions
{
    /// <summary>When any is given (here or under <c>*</c>), only samples matching one of them are stored.</summary>
    public List<string> Keep { get; set; } = [];

    /// <summary>Samples matching any of these are not stored (applied after <see cref="Keep"/>).</summary>
    public List<string> Drop { get; set; } = [];
}
