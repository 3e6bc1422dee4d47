using System.Text.RegularExpressions;
using Supervision.Core.Influx.Backfill;

namespace Supervision.Dashboard.Summaries.Backfill;

/// <summary>
/// <c>Supervision.Dashboard backfill-summaries --from TIME --to TIME</c>: fills the summary roll-ups of an existing
/// server for a past range (<see cref="SummaryBackfill"/>; docs/summaries.md, "Back-fill"). InfluxDB is the
/// Dashboard's own (<c>Dashboard:Influx:*</c> from appsettings.json, environment variables or
/// <c>--Dashboard:Influx:Url=…</c>); <c>--setup FILE</c> names the setup file (default scripts/influxdb-setup.iql, then
/// beside the program). Exit 0 when done, 1 when InfluxDB refused a statement (the message names the query and
/// range; what ran before stays written and running again is safe), 2 for bad arguments.
/// </summary>
public static partial class BackfillSummariesCommand
{
    /// <summary>The verb.</summary>
    public const string Verb = "backfill-summaries";

    private const string Usage = "usage: backfill-summaries --from 2026-10-01T00:00Z --to 2026-11-30T00:00Z [--setup scripts/influxdb-setup.iql] [--Dashboard:Influx:Url=http://127.0.0.1:8086]";

    /// <summary>Runs the verb with the arguments after it and the Dashboard's InfluxDB settings.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, InfluxOptions influx, HttpClient http, TimeProvider time, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(influx);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        DateTimeOffset? from = null, to = null;
        var setup = Path.Combine("scripts", "influxdb-setup.iql");
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--from" when Instant(value) is { } f:
                    from = f;
                    i++;
                    break;
                case "--to" when Instant(value) is { } t:
                    to = t;
                    i++;
                    break;
                case "--setup" when value is not null:
                    setup = value;
                    i++;
                    break;
                case var option when option.StartsWith("--Dashboard:", StringComparison.Ordinal):
                    // The Dashboard's own settings, already bound by the caller.
                    break;
                default:
                    await error.WriteLineAsync($"{Verb}: unknown option or bad value at '{args[i]}{(value is null ? string.Empty : " " + value)}' (times are ISO 8601, UTC unless an offset is given)");
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }

        // The newest buckets are left to the continuous queries: only hours already rolled up are back-filled.
        var now = time.GetUtcNow();
        var lastHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (from is null || to is null || from >= to)
        {
            await error.WriteLineAsync($"{Verb}: give --from and --to with from before to");
            await error.WriteLineAsync(Usage);
            return 2;
        }

        if (!DatabaseName().IsMatch(influx.Database))
        {
            await error.WriteLineAsync($"{Verb}: Dashboard:Influx:Database '{influx.Database}' is not a plain database name (letters, digits, _ and -)");
            return 2;
        }

        IReadOnlyList<ContinuousQueryDefinition> queries;
        var file = ConfigFile.Resolve(setup);
        try
        {
            queries = file is null
                ? throw new FileNotFoundException($"{setup}: no such file (tried the working folder and beside the program)")
                : ContinuousQueryDefinition.Parse(await File.ReadAllLinesAsync(file, cancellationToken), setup);
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            await error.WriteLineAsync($"{Verb}: {ex.Message}");
            return 2;
        }

        if (!queries.Any(q => q.Name.StartsWith(SummaryBackfill.Prefix, StringComparison.Ordinal)))
        {
            await error.WriteLineAsync($"{Verb}: {setup} has no {SummaryBackfill.Prefix}* continuous queries");
            return 2;
        }

        var end = to.Value < lastHour ? to.Value : lastHour;
        // Every server of Dashboard:Influx:Servers holds its own roll-ups (docs/ha.md): each is back-filled, one failing
        // does not keep the others from it.
        var exit = 0;
        foreach (var server in influx.Servers)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Verb}: {server} database {influx.Database}, [{from:u}, {end:u})"));
            var client = new InfluxClient(http, InfluxReader.ForServer(influx, server));
            try
            {
                var steps = await SummaryBackfill.RunAsync((q, ct) => client.ExecuteAsync(q, ct), queries, from.Value, end, influx.Database,
                    step => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{step.Query.Name}: [{step.From:u}, {step.To:u}) in {step.Statements} statement(s)")),
                    cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Verb}: {steps.Count} continuous queries back-filled on {server}"));
            }
            catch (Exception ex) when (ex is BackfillException || (ex is InfluxException && influx.Replicas.Count > 0))
            {
                await error.WriteLineAsync($"{Verb}: {server}: {ex.Message}");
                exit = 1;
            }
        }

        return exit;
    }

    private static DateTimeOffset? Instant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex DatabaseName();
}
