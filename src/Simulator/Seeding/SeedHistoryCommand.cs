using System.Diagnostics;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Backfill;
using Supervision.Core.Schema;
using static Supervision.Core.Influx.InfluxQl;

namespace Supervision.Simulator.Seeding;

/// <summary>
/// <c>Supervision.Simulator seed-history</c>: writes the simulated fleet's last days as the collectors' hourly summary
/// parts, then runs the summary roll-ups over them with the continuous queries' own bodies (the back-fill), so the
/// leaders' summaries and charts read the history exactly as they read collected data (docs/summaries.md, "Simulated
/// history"). Marked as simulated (<see cref="Measurements.SummarySeeded"/>, shown by the pages as a banner) and refused
/// against a database that holds anything collected. Exit 0 done, 1 refused or InfluxDB failed, 2 bad arguments.
/// </summary>
public static class SeedHistoryCommand
{
    /// <summary>The verb.</summary>
    public const string Verb = "seed-history";

    /// <summary>The most days the raw retention policy (30 days) lets the parts be written for.</summary>
    public const int MaxDays = 30;

    private const string Usage = "usage: seed-history [--days 30] [--influx-url http://127.0.0.1:8086] [--database supervision] " +
        "[--inventory inventory/national.yaml] [--seed 42] [--holidays config/vn-holidays.csv] [--setup scripts/influxdb-setup.iql]";

    // About 11,700 lines (2 MB) a request: InfluxDB's sweet spot is thousands of points, and a day's first write
    // creates that day's shard and every series in it (the national fleet's first try timed out at 6 hours a write).
    private const int HoursPerWrite = 3;

    private const int WriteAttempts = 5;

    /// <summary>Runs the verb with the arguments after it.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, HttpClient http, TimeProvider time, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = new SimulatorOptions();
        var influx = new InfluxOptions { RetentionPolicy = RetentionPolicies.Raw, Timeout = TimeSpan.FromMinutes(5) };
        var days = MaxDays;
        var setup = Path.Combine("scripts", "influxdb-setup.iql");
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--days" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= MaxDays:
                    days = d;
                    break;
                case "--influx-url" when Uri.TryCreate(value, UriKind.Absolute, out _):
                    influx.Url = value!;
                    break;
                case "--database" when value is { Length: > 0 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'):
                    influx.Database = value;
                    break;
                case "--inventory" when value is { Length: > 0 }:
                    options.Inventory = value;
                    break;
                case "--seed" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s):
                    options.Seed = s;
                    break;
                case "--holidays" when value is { Length: > 0 }:
                    options.Holidays = value;
                    break;
                case "--setup" when value is { Length: > 0 }:
                    setup = value;
                    break;
                default:
                    await error.WriteLineAsync($"{Verb}: unknown option or bad value at '{args[i]}{(value is null ? string.Empty : " " + value)}' (--days is 1 to {MaxDays}: the raw retention policy keeps 30 days)");
                    await error.WriteLineAsync(Usage);
                    return 2;
            }

            i++;
        }

        IReadOnlyList<ContinuousQueryDefinition> queries;
        SimulatedFleet fleet;
        try
        {
            var setupPath = PathResolver.Resolve(setup);
            queries = ContinuousQueryDefinition.Parse(await File.ReadAllLinesAsync(setupPath, cancellationToken), setup);
            if (!queries.Any(q => q.Name.StartsWith(SummaryBackfill.Prefix, StringComparison.Ordinal)))
            {
                throw new FormatException($"{setup} has no {SummaryBackfill.Prefix}* continuous queries");
            }

            fleet = new SimulatedFleet(FleetFactory.LoadInventory(options), options.Seed, new DayCurve(FleetFactory.LoadCalendar(options)));
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
        {
            await error.WriteLineAsync($"{Verb}: {ex.Message}");
            return 2;
        }

        var client = new InfluxClient(http, influx);
        var place = $"database '{influx.Database}' at {influx.Url}";
        try
        {
            if (await RefusalAsync(client, influx.Database, cancellationToken) is { } refusal)
            {
                await error.WriteLineAsync($"{Verb}: refused: {place} {refusal}. seed-history writes simulated history only into a database without collected data: " +
                    "start on a new data folder (scripts/run.sh with a fresh SUPERVISION_DATA) or another --database.");
                return 1;
            }

            var now = time.GetUtcNow();
            var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            // InfluxDB drops points older than the raw policy's 30 days (counted from now): start at the first whole hour inside it.
            var oldest = now - TimeSpan.FromDays(MaxDays) + TimeSpan.FromMinutes(5);
            var from = to - TimeSpan.FromDays(days);
            if (from < oldest)
            {
                from = new DateTimeOffset(oldest.Year, oldest.Month, oldest.Day, oldest.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            }

            var clock = Stopwatch.StartNew();
            var generator = new HistoryGenerator(fleet, new MetricsRenderer(fleet, new FaultStore(fleet, time)), new SimulatedOutages((ulong)options.Seed));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Verb}: {place}: simulated history of {generator.Targets} targets (seed {options.Seed}) over [{from:u}, {to:u})"));

            // The marker first: an interrupted run leaves simulated data that is still marked as such.
            await WriteMarkerAsync(http, influx, from, to, generator.Targets, options.Seed, cancellationToken);

            var lines = new LineProtocolBuilder(8 * 1024 * 1024);
            long points = 0;
            var hours = 0;
            for (var hour = from; hour < to; hour = hour.AddHours(1))
            {
                points += generator.WriteHour(lines, hour);
                if (++hours % HoursPerWrite == 0 || hour.AddHours(1) >= to)
                {
                    await WriteAsync(client, lines, time, cancellationToken);
                    lines.Clear();
                }
            }

            var written = clock.Elapsed;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Verb}: {points} parts written ({hours} hours) in {written.TotalSeconds:0.0} s; rolling up with the continuous queries' own bodies"));

            // A day wider at the start: the day roll-ups cut at every hour and the 6-hour edges that begin before the
            // first seeded hour still hold seeded hours (docs/summaries.md, "Back-fill").
            // Six hours a statement: InfluxDB writes a SELECT … INTO's points within its write timeout (10 s), which a day
            // of every unit's hours outlasted on the loaded machine; a statement that still times out is run again (it
            // rewrites the same points).
            var steps = await SummaryBackfill.RunAsync((q, ct) => Retry(() => client.ExecuteAsync(q, ct), time, ct), queries, from.AddDays(-1), to, influx.Database,
                TimeSpan.FromHours(6), null, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Verb}: done: {points} parts, {steps.Sum(s => s.Statements)} roll-up statements ({steps.Count} continuous queries) in {clock.Elapsed.TotalSeconds:0.0} s " +
                $"(writing {written.TotalSeconds:0.0} s, roll-ups {(clock.Elapsed - written).TotalSeconds:0.0} s)"));
            return 0;
        }
        catch (BackfillException ex)
        {
            await error.WriteLineAsync($"{Verb}: {place}: roll-up failed: {ex.Message}; the parts stay written and marked, running again is safe");
            return 1;
        }
        catch (InfluxException ex)
        {
            await error.WriteLineAsync($"{Verb}: {place}: {ex.Message}");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"{Verb}: {place} unreachable: {ex.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Why the database must not be seeded, or null. Collected data is anything but the summaries (the collectors'
    /// scrapes and samples), summary parts of another collector, or roll-ups without a seed marker (collected ones
    /// whose raw data has expired). A database without the retention policies has not been set up.
    /// </summary>
    public static async Task<string?> RefusalAsync(InfluxClient client, string database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        InfluxQueryResult policies;
        try
        {
            policies = await client.QueryAsync($"SHOW RETENTION POLICIES ON {Identifier(database)}", cancellationToken);
        }
        catch (InfluxDatabaseNotFoundException)
        {
            return "does not exist (set it up first: scripts/influxdb.sh start applies scripts/influxdb-setup.iql)";
        }

        var names = policies.Series.SelectMany(s => s.Values.Select(r => r[0] as string)).ToHashSet(StringComparer.Ordinal);
        if (!names.Contains(RetentionPolicies.Raw) || !names.Contains(RetentionPolicies.Hourly) || !names.Contains(RetentionPolicies.Daily))
        {
            return $"lacks the retention policies {RetentionPolicies.Raw}, {RetentionPolicies.Hourly} and {RetentionPolicies.Daily} (set it up first: scripts/influxdb.sh start applies scripts/influxdb-setup.iql)";
        }

        var measurements = (await client.QueryAsync($"SHOW MEASUREMENTS ON {Identifier(database)}", cancellationToken)).Series
            .SelectMany(s => s.Values.Select(r => r[0] as string ?? string.Empty)).ToList();
        var collected = measurements.Where(m => !m.StartsWith(Measurements.SummaryPrefix, StringComparison.Ordinal)).ToList();
        if (collected.Count > 0)
        {
            return $"already holds collected data: measurement(s) {string.Join(", ", collected.Take(8))}{(collected.Count > 8 ? $" and {collected.Count - 8} more" : string.Empty)}";
        }

        foreach (var part in new[] { Measurements.SummaryUnitPart, Measurements.SummaryAvailabilityPart })
        {
            if (!measurements.Contains(part))
            {
                continue;
            }

            var other = await client.QueryAsync(
                $"SELECT * FROM {Measurement(RetentionPolicies.Raw, part)} WHERE {Identifier(TagNames.Collector)} != {StringLiteral(SeedFields.CollectorId)} LIMIT 1", cancellationToken);
            if (other.Series is [{ Values.Count: > 0 } found, ..])
            {
                return $"already holds collected data: {RetentionPolicies.Raw}.{part} has parts of collector '{found.String(0, TagNames.Collector)}' (first at {found.String(0, "time")})";
            }
        }

        if (measurements.Contains(Measurements.SummaryUnit) && SeedMarkers.Read(await client.QueryAsync(SeedMarkers.Select, cancellationToken)).Count == 0)
        {
            var first = await client.QueryAsync($"SELECT * FROM {Measurement(RetentionPolicies.Hourly, Measurements.SummaryUnit)} LIMIT 1", cancellationToken);
            if (first.Series is [{ Values.Count: > 0 } rolled, ..])
            {
                return $"already holds collected summaries: {RetentionPolicies.Hourly}.{Measurements.SummaryUnit} has roll-ups (first at {rolled.String(0, "time")}) and no seed-history marker";
            }
        }

        return null;
    }

    /// <summary>
    /// Writes a batch (or runs a roll-up statement), again after a pause when InfluxDB times out or is briefly away: the same
    /// points overwrite themselves, so a repeat is harmless. Gives up after <see cref="WriteAttempts"/> tries with InfluxDB's message.
    /// </summary>
    private static Task WriteAsync(InfluxClient client, LineProtocolBuilder lines, TimeProvider time, CancellationToken cancellationToken) =>
        Retry(() => client.WriteAsync(lines.WrittenMemory, InfluxPrecision.Milliseconds, cancellationToken), time, cancellationToken);

    private static async Task Retry(Func<Task> request, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await request();
                return;
            }
            catch (InfluxException ex) when (attempt < WriteAttempts && (ex.IsTransient || ex.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase)))
            {
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), time, cancellationToken);
            }
        }
    }

    private static async Task WriteMarkerAsync(HttpClient http, InfluxOptions influx, DateTimeOffset from, DateTimeOffset to, int targets, long seed, CancellationToken cancellationToken)
    {
        var daily = new InfluxClient(http, new InfluxOptions { Url = influx.Url, Database = influx.Database, RetentionPolicy = RetentionPolicies.Daily, Timeout = influx.Timeout });
        var marker = new LineProtocolBuilder(512);
        marker.BeginPoint(Measurements.SummarySeeded);
        marker.Tag(TagNames.Collector, SeedFields.CollectorId);
        marker.Field(SeedFields.From, from.ToUnixTimeSeconds());
        marker.Field(SeedFields.To, to.ToUnixTimeSeconds());
        marker.Field(SeedFields.Targets, (long)targets);
        marker.Field(SeedFields.Seed, seed);
        marker.EndPoint(from.ToUnixTimeMilliseconds());
        await daily.WriteAsync(marker.WrittenMemory, InfluxPrecision.Milliseconds, cancellationToken);
    }
}
