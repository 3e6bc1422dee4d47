namespace Supervision.Collector.Rollups;

/// <summary>Which of <see cref="ScrapeTotals"/>' sums a scrape found samples for.</summary>
[Flags]
public enum TotalsPresent
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>dossier_received_total</c>.</summary>
    Received = 1,

    /// <summary><c>dossier_resolved_total{timeliness="on_time"}</c>.</summary>
    OnTime = 2,

    /// <summary><c>dossier_resolved_total{timeliness="late"}</c>.</summary>
    Late = 4,

    /// <summary><c>dossier_overdue</c>.</summary>
    Overdue = 8,

    /// <summary><c>dossier_in_progress</c>.</summary>
    InProgress = 16,

    /// <summary><c>edoc_documents_sent_total</c>.</summary>
    DocsSent = 32,

    /// <summary><c>edoc_documents_received_total</c>.</summary>
    DocsReceived = 64,
}

/// <summary>
/// The sums over series that the roll-ups and the live figures need from one scrape (docs/storage.md,
/// "Summary roll-ups"), taken as samples stream past: a handful of name comparisons per sample, no allocation.
/// </summary>
public struct ScrapeTotals
{
    /// <summary>Sum of <c>dossier_received_total</c> over procedures.</summary>
    public double Received { readonly get; private set; }

    /// <summary>Sum of <c>dossier_resolved_total{timeliness="on_time"}</c>.</summary>
    public double OnTime { readonly get; private set; }

    /// <summary>Sum of <c>dossier_resolved_total{timeliness="late"}</c>.</summary>
    public double Late { readonly get; private set; }

    /// <summary>Sum of <c>dossier_overdue</c>.</summary>
    public double Overdue { readonly get; private set; }

    /// <summary>Sum of <c>dossier_in_progress</c>.</summary>
    public double InProgress { readonly get; private set; }

    /// <summary>Sum of <c>edoc_documents_sent_total</c> over channels.</summary>
    public double DocsSent { readonly get; private set; }

    /// <summary>Sum of <c>edoc_documents_received_total</c> over channels.</summary>
    public double DocsReceived { readonly get; private set; }

    /// <summary>Which sums had at least one sample.</summary>
    public TotalsPresent Present { readonly get; private set; }

    /// <summary>Dossiers resolved, on time and late together.</summary>
    public readonly double Resolved => OnTime + Late;

    /// <summary>True when <paramref name="what"/> was seen.</summary>
    public readonly bool Has(TotalsPresent what) => (Present & what) == what;

    /// <summary>Adds a sample when it is one of the summed metrics (non-finite values are left out, as storage does).</summary>
    public void Add(in ParsedSample sample)
    {
        var name = sample.Name;
        if (name.Length < 13 || !double.IsFinite(sample.Value) || (name[0] != 'd' && name[0] != 'e'))
        {
            return;
        }

        var value = sample.Value;
        if (name.SequenceEqual(CatalogueMetrics.DossierResolved))
        {
            var timeliness = Timeliness(sample);
            if (timeliness.SequenceEqual(CatalogueLabels.OnTime))
            {
                OnTime += value;
                Present |= TotalsPresent.OnTime;
            }
            else if (timeliness.SequenceEqual(CatalogueLabels.Late))
            {
                Late += value;
                Present |= TotalsPresent.Late;
            }
        }
        else if (name.SequenceEqual(CatalogueMetrics.DossierReceived))
        {
            Received += value;
            Present |= TotalsPresent.Received;
        }
        else if (name.SequenceEqual(CatalogueMetrics.DossierOverdue))
        {
            Overdue += value;
            Present |= TotalsPresent.Overdue;
        }
        else if (name.SequenceEqual(CatalogueMetrics.DossierInProgress))
        {
            InProgress += value;
            Present |= TotalsPresent.InProgress;
        }
        else if (name.SequenceEqual(CatalogueMetrics.EdocDocumentsSent))
        {
            DocsSent += value;
            Present |= TotalsPresent.DocsSent;
        }
        else if (name.SequenceEqual(CatalogueMetrics.EdocDocumentsReceived))
        {
            DocsReceived += value;
            Present |= TotalsPresent.DocsReceived;
        }
    }

    private static ReadOnlySpan<char> Timeliness(in ParsedSample sample)
    {
        for (var i = 0; i < sample.LabelCount; i++)
        {
            if (sample.LabelName(i).SequenceEqual(CatalogueLabels.Timeliness))
            {
                return sample.LabelValue(i);
            }
        }

        return [];
    }
}
