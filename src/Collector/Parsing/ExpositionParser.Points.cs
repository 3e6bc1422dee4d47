namespace Supervision.Collector.Parsing;

/// <summary>
/// The rules on values and on how a family's samples form metric points: counter totals, histogram
/// buckets, sums and counts, summary quantiles, stateset and info values, metric grouping, timestamp
/// order and name clashes.
/// </summary>
public sealed partial class ExpositionParser
{
    private static readonly string[] CounterSuffixes = ["_total", "_created"];
    private static readonly string[] HistogramSuffixes = ["_bucket", "_count", "_sum", "_created"];
    private static readonly string[] GaugeHistogramSuffixes = ["_bucket", "_gcount", "_gsum"];
    private static readonly string[] SummarySuffixes = ["_count", "_sum", "_created"];
    private static readonly string[] InfoSuffixes = ["_info"];
    private static readonly string[] AllSuffixes = ["_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"];

    // Strict mode only: the metrics (label sets) of the current family already closed, and the open one.
    private readonly HashSet<long> _closedMetrics = [];
    private bool _metricOpen;
    private long _metricKey;
    private long? _metricLastTimestamp;

    private static bool IsWhole(double value) => double.IsFinite(value) && Math.Floor(value) == value;

    private ParseError? CheckTypeRules(ref Family family, ReadOnlySpan<char> name, double value, long? timestamp, int line, bool openMetrics)
    {
        var suffix = name.Length >= family.Name.Length ? name[family.Name.Length..] : [];
        switch (family.Type)
        {
            case MetricType.Histogram or MetricType.GaugeHistogram:
                return openMetrics
                    ? CheckHistogramPoint(ref family, suffix, value, timestamp, line)
                    : CheckPrometheusHistogram(family, suffix, value, line);
            case MetricType.Summary:
                return CheckSummary(family, suffix, value, line, openMetrics);
            case MetricType.Counter when openMetrics && suffix is "_total" && (double.IsNaN(value) || value < 0):
                return Reject(ExpositionRule.CounterValue, line)
                    ? new ParseError(line, ExpositionRule.CounterValue, "a counter total must be a non-negative number")
                    : null;
            case MetricType.StateSet when openMetrics:
                if (FindLabel(family.Name) < 0 && Reject(ExpositionRule.StateSet, line))
                {
                    return new ParseError(line, ExpositionRule.StateSet, $"a stateset sample needs a label named \"{family.Name}\" holding its state");
                }

                return value is not (0 or 1) && Reject(ExpositionRule.StateSet, line)
                    ? new ParseError(line, ExpositionRule.StateSet, "a stateset value must be 0 or 1")
                    : null;
            case MetricType.Info when openMetrics && value != 1:
                return Reject(ExpositionRule.InfoValue, line)
                    ? new ParseError(line, ExpositionRule.InfoValue, "an info value must be 1")
                    : null;
            default:
                return null;
        }
    }

    private ParseError? CheckPrometheusHistogram(in Family family, ReadOnlySpan<char> suffix, double value, int line)
    {
        if (suffix is "_bucket")
        {
            var le = FindLabel("le");
            if ((le < 0 || !TryParseValue(LabelValue(le), out var bound) || double.IsNaN(bound)) && Reject(ExpositionRule.HistogramLe, line))
            {
                return new ParseError(line, ExpositionRule.HistogramLe, "histogram bucket without a valid le label");
            }

            if (value < 0 && Reject(ExpositionRule.HistogramBuckets, line))
            {
                return new ParseError(line, ExpositionRule.HistogramBuckets, $"negative bucket population for histogram \"{family.Name}\"");
            }
        }
        else if (suffix is "_count" && value < 0 && Reject(ExpositionRule.HistogramSumCount, line))
        {
            return new ParseError(line, ExpositionRule.HistogramSumCount, $"negative count for histogram \"{family.Name}\"");
        }

        return null;
    }

    private ParseError? CheckSummary(in Family family, ReadOnlySpan<char> suffix, double value, int line, bool openMetrics)
    {
        if (suffix.IsEmpty)
        {
            var quantile = FindLabel("quantile");
            if (quantile < 0 || !TryParseValue(LabelValue(quantile), out var q))
            {
                return Reject(ExpositionRule.SummaryQuantile, line)
                    ? new ParseError(line, ExpositionRule.SummaryQuantile, "summary sample without a valid quantile label")
                    : null;
            }

            if (openMetrics && (q < 0 || q > 1 || double.IsNaN(q)) && Reject(ExpositionRule.SummaryQuantile, line))
            {
                return new ParseError(line, ExpositionRule.SummaryQuantile, $"quantile {q.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]");
            }

            return openMetrics && value < 0 && Reject(ExpositionRule.SummaryValue, line)
                ? new ParseError(line, ExpositionRule.SummaryValue, "a quantile value must not be negative")
                : null;
        }

        if (!openMetrics || suffix is not ("_sum" or "_count"))
        {
            return null;
        }

        if ((double.IsNaN(value) || value < 0) && Reject(ExpositionRule.SummaryValue, line))
        {
            return new ParseError(line, ExpositionRule.SummaryValue, $"a summary {suffix[1..].ToString()} must be a non-negative number");
        }

        return suffix is "_count" && !double.IsNaN(value) && !IsWhole(value) && Reject(ExpositionRule.SummaryValue, line)
            ? new ParseError(line, ExpositionRule.SummaryValue, "a summary count must be an integer")
            : null;
    }

    /// <summary>
    /// One sample of an OpenMetrics histogram or gauge histogram. Samples with the same labels (but
    /// <c>le</c>) and timestamp form a point, checked as a whole when the next point starts or the family ends.
    /// </summary>
    private ParseError? CheckHistogramPoint(ref Family family, ReadOnlySpan<char> suffix, double value, long? timestamp, int line)
    {
        var isBucket = suffix is "_bucket";
        var le = isBucket ? FindLabel("le") : -1;
        var bound = double.NaN;
        if (isBucket && (le < 0 || !TryParseValue(LabelValue(le), out bound) || double.IsNaN(bound)))
        {
            return Reject(ExpositionRule.HistogramLe, line)
                ? new ParseError(line, ExpositionRule.HistogramLe, "histogram bucket without a valid le label")
                : null;
        }

        var point = LabelSignature(except: le, timestamp);
        if (!family.PointOpen || family.Point != point)
        {
            if (family.PointOpen && ClosePoint(ref family) is { } closeError)
            {
                return closeError;
            }

            family.PointOpen = true;
            family.Point = point;
            family.PointLine = line;
            family.HasBuckets = family.HasSum = family.HasCount = family.NegativeLe = false;
            family.InfBucket = double.NaN;
        }

        var gauge = family.Type == MetricType.GaugeHistogram;
        if (isBucket)
        {
            return CheckBucket(ref family, le, bound, value, line);
        }

        if (suffix is "_count" or "_gcount")
        {
            family.HasCount = true;
            family.Count = value;
            if (!IsWhole(value) || value < 0)
            {
                return Reject(ExpositionRule.HistogramSumCount, line)
                    ? new ParseError(line, ExpositionRule.HistogramSumCount, "a histogram count must be a non-negative integer")
                    : null;
            }
        }
        else if (suffix is "_sum" or "_gsum")
        {
            family.HasSum = true;
            family.Sum = value;

            // A histogram's sum is a counter; a gauge histogram's may be negative (when it has negative buckets).
            if ((double.IsNaN(value) || (!gauge && value < 0)) && Reject(ExpositionRule.HistogramSumCount, line))
            {
                return new ParseError(line, ExpositionRule.HistogramSumCount, $"a histogram sum must be {(gauge ? "a number" : "a non-negative number")}");
            }
        }

        return null;
    }

    private ParseError? CheckBucket(ref Family family, int le, double bound, double value, int line)
    {
        if ((double.IsNaN(value) || value < 0 || !IsWhole(value)) && Reject(ExpositionRule.HistogramBuckets, line))
        {
            return new ParseError(line, ExpositionRule.HistogramBuckets, "a bucket count must be a non-negative integer");
        }

        // le is compared as a number for order, but an infinite bound must be spelled as the canonical "+Inf".
        if (double.IsInfinity(bound) && LabelValue(le) is not "+Inf" && Reject(ExpositionRule.HistogramLe, line))
        {
            return new ParseError(line, ExpositionRule.HistogramLe, $"le \"{LabelValue(le).ToString()}\" must be written \"+Inf\"");
        }

        if (family.HasBuckets)
        {
            if (bound <= family.LastLe && Reject(ExpositionRule.HistogramBuckets, line))
            {
                return new ParseError(line, ExpositionRule.HistogramBuckets, "histogram buckets must be in increasing le order");
            }

            if (value < family.LastBucket && Reject(ExpositionRule.HistogramBuckets, line))
            {
                return new ParseError(line, ExpositionRule.HistogramBuckets, "histogram bucket counts must not decrease as le grows");
            }
        }

        family.HasBuckets = true;
        family.NegativeLe |= bound < 0;
        family.LastLe = bound;
        family.LastBucket = value;
        family.BucketLine = line;
        if (double.IsPositiveInfinity(bound))
        {
            family.InfBucket = value;
        }

        return null;
    }

    /// <summary>The rules on a histogram point as a whole; reported at the point's first line.</summary>
    private ParseError? ClosePoint(ref Family family)
    {
        family.PointOpen = false;
        var line = family.PointLine;
        var gauge = family.Type == MetricType.GaugeHistogram;
        var (sum, count) = gauge ? ("_gsum", "_gcount") : ("_sum", "_count");
        if (!family.HasBuckets)
        {
            return Reject(ExpositionRule.HistogramBuckets, line)
                ? new ParseError(line, ExpositionRule.HistogramBuckets, $"histogram \"{family.Name}\" has a {sum} or {count} but no buckets")
                : null;
        }

        if (double.IsNaN(family.InfBucket) && Reject(ExpositionRule.HistogramBuckets, family.BucketLine))
        {
            return new ParseError(family.BucketLine, ExpositionRule.HistogramBuckets, $"histogram \"{family.Name}\" has no +Inf bucket");
        }

        if (family.HasSum != family.HasCount && Reject(ExpositionRule.HistogramSumCount, line))
        {
            return new ParseError(line, ExpositionRule.HistogramSumCount, $"histogram \"{family.Name}\" must have both {sum} and {count}, or neither");
        }

        if (family.HasCount && !double.IsNaN(family.InfBucket) && family.Count != family.InfBucket && Reject(ExpositionRule.HistogramSumCount, line))
        {
            return new ParseError(line, ExpositionRule.HistogramSumCount, $"histogram \"{family.Name}\" {count} differs from its +Inf bucket");
        }

        if (family.HasSum && family.NegativeLe && !gauge && Reject(ExpositionRule.HistogramSumCount, line))
        {
            return new ParseError(line, ExpositionRule.HistogramSumCount, $"histogram \"{family.Name}\" has negative buckets, so it may not have a _sum");
        }

        return family.HasSum && gauge && family.Sum < 0 && !family.NegativeLe && Reject(ExpositionRule.HistogramSumCount, line)
            ? new ParseError(line, ExpositionRule.HistogramSumCount, $"gauge histogram \"{family.Name}\" has a negative _gsum but no negative bucket")
            : null;
    }

    private ParseError? FinishFamily(int index)
    {
        if (index < 0)
        {
            return null;
        }

        var family = _families[index];
        if (family.PointOpen && family.Type is MetricType.Histogram or MetricType.GaugeHistogram)
        {
            var error = ClosePoint(ref family);
            _families[index] = family;
            return error;
        }

        return null;
    }

    private void SwitchFamily(int index)
    {
        _current = index;
        ResetMetricTracking();
    }

    private void ResetMetricTracking()
    {
        _closedMetrics.Clear();
        _metricOpen = false;
    }

    /// <summary>
    /// Strict mode: a metric (the family's label set without <c>le</c>, <c>quantile</c> or the stateset's
    /// state label) must not come back once another has started, and its timestamps must not go backwards
    /// nor be present on some samples only.
    /// </summary>
    private ParseError? TrackMetric(in Family family, long? timestamp, int line)
    {
        var except = family.Type switch
        {
            MetricType.Histogram or MetricType.GaugeHistogram => FindLabel("le"),
            MetricType.Summary => FindLabel("quantile"),
            MetricType.StateSet => FindLabel(family.Name),
            _ => -1,
        };
        var key = LabelSignature(except);
        if (!_metricOpen || key != _metricKey)
        {
            if (_metricOpen)
            {
                _closedMetrics.Add(_metricKey);
            }

            if (_closedMetrics.Contains(key))
            {
                return new ParseError(line, ExpositionRule.MetricInterleaved, $"a metric of family \"{family.Name}\" appears again after another metric (interleaved)");
            }

            _metricOpen = true;
            _metricKey = key;
            _metricLastTimestamp = timestamp;
            return null;
        }

        if (timestamp.HasValue != _metricLastTimestamp.HasValue)
        {
            return new ParseError(line, ExpositionRule.TimestampOrder, "some samples of this metric have a timestamp and some have none");
        }

        if (timestamp < _metricLastTimestamp)
        {
            return new ParseError(line, ExpositionRule.TimestampOrder, "timestamps of a metric must not go backwards");
        }

        _metricLastTimestamp = timestamp;
        return null;
    }

    /// <summary>
    /// Strict mode: a family must not be able to produce a sample name that is another family's name
    /// (a counter <c>a</c> makes <c>a_created</c>, so a gauge <c>a_created</c> clashes with it).
    /// </summary>
    private ParseError? CheckNameClash(int index, int line)
    {
        var family = _families[index];
        Span<char> candidate = family.Name.Length <= 248 ? stackalloc char[family.Name.Length + 8] : new char[family.Name.Length + 8];
        family.Name.CopyTo(candidate);
        foreach (var suffix in SuffixesOf(family.Type))
        {
            suffix.CopyTo(candidate[family.Name.Length..]);
            if (FindFamily(candidate[..(family.Name.Length + suffix.Length)]) is var other && other >= 0 && other != index)
            {
                return new ParseError(line, ExpositionRule.NameClash, $"family \"{family.Name}\" would expose \"{family.Name}{suffix}\", the name of another family");
            }
        }

        foreach (var suffix in AllSuffixes)
        {
            if (family.Name.Length > suffix.Length && family.Name.EndsWith(suffix, StringComparison.Ordinal) &&
                FindFamily(family.Name.AsSpan(0, family.Name.Length - suffix.Length)) is var owner && owner >= 0 && owner != index &&
                Array.IndexOf(SuffixesOf(_families[owner].Type), suffix) >= 0)
            {
                return new ParseError(line, ExpositionRule.NameClash, $"family \"{family.Name}\" clashes with a sample name of family \"{_families[owner].Name}\"");
            }
        }

        return null;
    }

    private static string[] SuffixesOf(MetricType type) => type switch
    {
        MetricType.Counter => CounterSuffixes,
        MetricType.Histogram => HistogramSuffixes,
        MetricType.GaugeHistogram => GaugeHistogramSuffixes,
        MetricType.Summary => SummarySuffixes,
        MetricType.Info => InfoSuffixes,
        _ => [],
    };
}
