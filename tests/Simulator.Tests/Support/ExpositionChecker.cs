using System.Globalization;
using System.Text;

namespace Supervision.Simulator.Tests.Support;

/// <summary>One parsed sample.</summary>
public sealed record CheckedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Name and sorted labels: the series identity.</summary>
    public string Series => Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
}

/// <summary>
/// A small strict reader of the Prometheus text format 0.0.4 and OpenMetrics 1.0 text, written from the
/// format documents: every line ends with a newline; HELP/TYPE (and UNIT) come before a family's samples
/// and at most once; a family's samples are contiguous; names and labels use the allowed characters;
/// label values are quoted with only \\, \" and \n escapes; values are floats; series are unique;
/// histogram buckets carry le, are cumulative and end with +Inf equal to _count; OpenMetrics ends with # EOF.
/// Throws <see cref="FormatException"/> naming the line.
/// </summary>
public static class ExpositionChecker
{
    private static readonly HashSet<string> PromTypes = ["counter", "gauge", "histogram", "summary", "untyped"];
    private static readonly HashSet<string> OmTypes = ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"];

    /// <summary>Checks a body; returns its samples.</summary>
    public static IReadOnlyList<CheckedSample> Check(string text, bool openMetrics)
    {
        var samples = new List<CheckedSample>();
        if (text.Length == 0)
        {
            return openMetrics ? throw new FormatException("line 1: OpenMetrics body must end with # EOF") : samples;
        }

        if (!text.EndsWith('\n'))
        {
            throw new FormatException($"line {text.Count(c => c == '\n') + 1}: last line does not end with a newline");
        }

        var lines = text[..^1].Split('\n');
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var sawEof = false;
        var buckets = new Dictionary<string, (double Le, double Value, bool Inf)>(StringComparer.Ordinal);
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var n = i + 1;
            var line = lines[i];
            if (sawEof)
            {
                throw new FormatException($"line {n}: content after # EOF");
            }

            if (line.StartsWith('#'))
            {
                if (openMetrics && line == "# EOF")
                {
                    sawEof = true;
                    continue;
                }

                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE" or "UNIT")
                {
                    var family = parts[2];
                    CheckName(family, n);
                    if (finished.Contains(family) || (current != family && types.ContainsKey(family) && parts[1] != "HELP"))
                    {
                        throw new FormatException($"line {n}: metadata for family {family} after its samples or repeated");
                    }

                    if (current is not null && current != family)
                    {
                        finished.Add(current);
                    }

                    current = family;
                    switch (parts[1])
                    {
                        case "TYPE":
                            if (parts.Length != 4 || !(openMetrics ? OmTypes : PromTypes).Contains(parts[3]))
                            {
                                throw new FormatException($"line {n}: bad TYPE line");
                            }

                            if (!types.TryAdd(family, parts[3]))
                            {
                                throw new FormatException($"line {n}: second TYPE for {family}");
                            }

                            if (openMetrics && parts[3] == "counter" && family.EndsWith("_total", StringComparison.Ordinal))
                            {
                                throw new FormatException($"line {n}: OpenMetrics counter family {family} must not end in _total");
                            }

                            break;
                        case "HELP":
                            if (!helps.Add(family))
                            {
                                throw new FormatException($"line {n}: second HELP for {family}");
                            }

                            break;
                        case "UNIT":
                            if (!openMetrics)
                            {
                                throw new FormatException($"line {n}: UNIT is OpenMetrics only");
                            }

                            if (parts.Length != 4 || !family.EndsWith("_" + parts[3], StringComparison.Ordinal))
                            {
                                throw new FormatException($"line {n}: UNIT must be a suffix of the family name");
                            }

                            break;
                    }

                    continue;
                }

                if (openMetrics)
                {
                    throw new FormatException($"line {n}: unknown comment line in OpenMetrics");
                }

                continue;
            }

            if (line.Length == 0)
            {
                if (openMetrics)
                {
                    throw new FormatException($"line {n}: empty line in OpenMetrics");
                }

                continue;
            }

            var sample = ParseSample(line, n);
            var familyOf = FamilyOf(sample.Name, types, openMetrics);
            if (familyOf is not null)
            {
                if (finished.Contains(familyOf))
                {
                    throw new FormatException($"line {n}: samples of {familyOf} are not contiguous");
                }

                if (current is not null && current != familyOf)
                {
                    finished.Add(current);
                }

                current = familyOf;
                CheckSampleName(sample, familyOf, types[familyOf], openMetrics, n);
                if (types[familyOf] == "histogram")
                {
                    var key = familyOf + Without(sample.Labels, "le");
                    if (sample.Name.EndsWith("_bucket", StringComparison.Ordinal))
                    {
                        var le = ParseValue(sample.Labels["le"], n);
                        if (buckets.TryGetValue(key, out var prev) && (prev.Inf || le <= prev.Le || sample.Value < prev.Value))
                        {
                            throw new FormatException($"line {n}: histogram buckets must increase in le and be cumulative");
                        }

                        buckets[key] = (le, sample.Value, double.IsPositiveInfinity(le));
                    }
                    else if (sample.Name.EndsWith("_count", StringComparison.Ordinal))
                    {
                        counts[key] = sample.Value;
                    }
                }
            }
            else
            {
                if (openMetrics)
                {
                    throw new FormatException($"line {n}: sample {sample.Name} without a TYPE in OpenMetrics");
                }

                if (current is not null && current != sample.Name)
                {
                    finished.Add(current);
                }

                current = sample.Name;
            }

            if (!series.Add(sample.Series))
            {
                throw new FormatException($"line {n}: duplicate series {sample.Series}");
            }

            samples.Add(sample);
        }

        if (openMetrics && !sawEof)
        {
            throw new FormatException($"line {lines.Length}: OpenMetrics body must end with # EOF");
        }

        foreach (var (key, b) in buckets)
        {
            if (!b.Inf)
            {
                throw new FormatException($"histogram {key} has no +Inf bucket");
            }

            if (counts.TryGetValue(key, out var c) && c != b.Value)
            {
                throw new FormatException($"histogram {key}: +Inf bucket {b.Value} differs from _count {c}");
            }
        }

        return samples;
    }

    private static string Without(IReadOnlyDictionary<string, string> labels, string name) =>
        string.Join(",", labels.Where(l => l.Key != name).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    private static string? FamilyOf(string name, Dictionary<string, string> types, bool openMetrics)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in new[] { "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static void CheckSampleName(CheckedSample s, string family, string type, bool openMetrics, int n)
    {
        var suffix = s.Name[family.Length..];
        var ok = type switch
        {
            "counter" => openMetrics ? suffix is "_total" or "_created" : suffix.Length == 0,
            "gauge" or "untyped" or "unknown" => suffix.Length == 0,
            "histogram" => suffix is "_bucket" or "_count" or "_sum" || (openMetrics && suffix == "_created"),
            "summary" => suffix is "" or "_count" or "_sum" || (openMetrics && suffix == "_created"),
            _ => true,
        };
        if (!ok)
        {
            throw new FormatException($"line {n}: sample {s.Name} does not belong to {type} {family}");
        }

        if (type == "histogram" && suffix == "_bucket" && !s.Labels.ContainsKey("le"))
        {
            throw new FormatException($"line {n}: bucket without le");
        }

        if (type == "summary" && suffix.Length == 0 && !s.Labels.ContainsKey("quantile"))
        {
            throw new FormatException($"line {n}: summary sample without quantile");
        }
    }

    private static CheckedSample ParseSample(string line, int n)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        CheckName(name, n);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new FormatException($"line {n}: unterminated label set");
                }

                if (line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var label = line[start..i];
                if (label.Length == 0 || !(char.IsAsciiLetter(label[0]) || label[0] == '_') || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw new FormatException($"line {n}: bad label name '{label}'");
                }

                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new FormatException($"line {n}: label value of {label} must be quoted");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"line {n}: unterminated label value");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        var e = i < line.Length ? line[i++] : '\0';
                        value.Append(e switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"line {n}: bad escape \\{e}"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"line {n}: label {label} repeated");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i < line.Length && line[i] != '}')
                {
                    throw new FormatException($"line {n}: expected , or }} after a label");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"line {n}: expected a space before the value");
        }

        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2 || rest[0].Length == 0)
        {
            throw new FormatException($"line {n}: expected a value and an optional timestamp");
        }

        var v = ParseValue(rest[0], n);
        if (rest.Length == 2 && !double.TryParse(rest[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"line {n}: bad timestamp '{rest[1]}'");
        }

        return new CheckedSample(name, labels, v);
    }

    private static double ParseValue(string text, int n) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when text.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException($"line {n}: '{text}' is not a number"),
    };

    private static void CheckName(string name, int n)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"line {n}: bad metric name '{name}'");
        }
    }
}
