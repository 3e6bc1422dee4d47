using Supervision.Collector.Parsing;
using Supervision.Collector.Rollups;
using Supervision.Core.Domain;

namespace Supervision.Collector.Tests.Rollups;

/// <summary>The targets the roll-up and figure tests scrape.</summary>
internal static class Targets
{
    public static readonly Target Dossier = Make("26737", "dossier");

    public static readonly Target Edoc = Make("26737", "edoc");

    public static readonly Target OtherCommune = Make("26740", "dossier");

    public static readonly Target OtherEdoc = Make("26740", "edoc");

    private static Target Make(string unit, string system) =>
        new(unit, system, "79", UnitLevel.Commune, new Uri($"http://127.0.0.1:1/t/{unit}/{system}"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));
}

/// <summary>Scrape totals made the way the scrape path makes them: from an exposition body.</summary>
internal static class Totals
{
    public static ScrapeTotals Dossier(double received, double onTime, double late, double overdue, double inProgress) => Parse(
        $"dossier_received_total{{procedure=\"1\"}} {received - 1}\ndossier_received_total{{procedure=\"2\"}} 1\n" +
        $"dossier_resolved_total{{procedure=\"1\",timeliness=\"on_time\"}} {onTime}\ndossier_resolved_total{{procedure=\"1\",timeliness=\"late\"}} {late}\n" +
        $"dossier_overdue{{procedure=\"1\"}} {overdue}\ndossier_in_progress{{procedure=\"1\"}} {inProgress}\ndossier_other 5\n");

    public static ScrapeTotals Edoc(double sent, double received) => Parse(
        $"edoc_documents_sent_total{{channel=\"a\"}} {sent}\nedoc_documents_sent_total{{channel=\"b\"}} 0\nedoc_documents_received_total{{channel=\"a\"}} {received}\nedoc_queue_length 4\n");

    private static ScrapeTotals Parse(string body)
    {
        var visitor = new Visitor();
        Assert.Null(new ExpositionParser().Parse(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{body}"), ExpositionFormat.PrometheusText, visitor));
        return visitor.Totals;
    }

    private sealed class Visitor : ISampleVisitor
    {
        private ScrapeTotals _totals;

        public ScrapeTotals Totals => _totals;

        public void OnSample(in ParsedSample sample) => _totals.Add(sample);
    }
}
