namespace Supervision.Collector.Cli;

/// <summary>
/// The <c>check</c> verb: the collector's <c>promtool check metrics</c>. Parses a file or standard input
/// and prints each sample as a JSON line; exit 0 when valid, 1 with <c>line N: message</c> on stderr when
/// not (and nothing on stdout, so a pipeline never consumes half a body), 2 for usage errors.
/// </summary>
public static class CheckCommand
{
    private const string Usage = "usage: Supervision.Collector check [FILE|-] [--format prometheus|openmetrics]";

    /// <summary>Runs the verb with the arguments after <c>check</c>.</summary>
    public static async Task<int> RunAsync(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string? file = null;
        ExpositionFormat? format = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--format" when i + 1 < args.Length:
                    format = args[++i] switch
                    {
                        "prometheus" or "text" => ExpositionFormat.PrometheusText,
                        "openmetrics" => ExpositionFormat.OpenMetrics,
                        _ => null,
                    };
                    if (format is null)
                    {
                        await stderr.WriteLineAsync($"check: unknown format '{args[i]}'; use prometheus or openmetrics");
                        return 2;
                    }

                    break;
                case "-h" or "--help":
                    await stdout.WriteLineAsync(Usage);
                    return 0;
                case var arg when file is null && (arg == "-" || !arg.StartsWith("--", StringComparison.Ordinal)):
                    file = arg;
                    break;
                default:
                    await stderr.WriteLineAsync($"check: unexpected argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }

        // Bytes, not text: invalid UTF-8 is an error of the input, not something to replace silently.
        byte[] bytes;
        try
        {
            if (file is null or "-")
            {
                using var buffer = new MemoryStream();
                await stdin.CopyToAsync(buffer);
                bytes = buffer.ToArray();
            }
            else
            {
                bytes = await File.ReadAllBytesAsync(file);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"check: cannot read '{file}': {ex.Message}");
            return 1;
        }

        var (text, decodeError) = ExpositionText.Decode(bytes);
        var (samples, error) = text is null ? (new List<Sample>(), decodeError) : ExpositionParser.ParseToList(text, format);
        if (error is { } e)
        {
            await stderr.WriteLineAsync(e.ToString());
            return 1;
        }

        await stdout.WriteAsync(ToJsonLines(samples));
        return 0;
    }

    /// <summary>One JSON object per sample: name, labels (input order), value (number or "NaN"/"+Inf"/"-Inf"), timestamp (ms, when present).</summary>
    public static string ToJsonLines(IEnumerable<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var sample in samples)
        {
            using (var json = new Utf8JsonWriter(buffer, options))
            {
                json.WriteStartObject();
                json.WriteString("name", sample.Name);
                json.WriteStartObject("labels");
                foreach (var (key, value) in sample.Labels)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                if (double.IsNaN(sample.Value))
                {
                    json.WriteString("value", "NaN");
                }
                else if (double.IsInfinity(sample.Value))
                {
                    json.WriteString("value", sample.Value > 0 ? "+Inf" : "-Inf");
                }
                else
                {
                    json.WriteNumber("value", sample.Value);
                }

                if (sample.TimestampMs is { } ts)
                {
                    json.WriteNumber("timestamp", ts);
                }

                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
