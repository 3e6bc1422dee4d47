namespace Supervision.Core.Hosting;

/// <summary>
/// What the services' command-line verbs that talk to InfluxDB share (<c>backfill-summaries</c>, <c>seed-history</c>): an
/// HTTP client from the client factory without the client's own 100 s limit (a roll-up statement over a day of every unit
/// can take longer; InfluxDB's timeout bounds it), and Ctrl-C as cancellation, reported as exit 1 with what stays written.
/// </summary>
public static class VerbHost
{
    /// <summary>Runs <paramref name="run"/>; returns its exit code, or 1 when cancelled (after writing <paramref name="cancelled"/>).</summary>
    public static async Task<int> RunAsync(Func<HttpClient, CancellationToken, Task<int>> run, TextWriter error, string cancelled)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(error);
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("influx");
        http.Timeout = Timeout.InfiniteTimeSpan;
        try
        {
            return await run(http, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync(cancelled);
            return 1;
        }
    }
}
