namespace Supervision.Simulator.Seeding;

/// <summary>Runs <see cref="SeedHistoryCommand"/> from the command line with an HTTP client from the client factory.</summary>
public static class SeedHistoryHost
{
    /// <summary>Runs the verb; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("influx");
        // A roll-up statement over a day of every unit can outlast the client's default 100 s.
        http.Timeout = Timeout.InfiniteTimeSpan;
        try
        {
            return await SeedHistoryCommand.RunAsync(args, http, TimeProvider.System, output, error, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"{SeedHistoryCommand.Verb}: cancelled; what was written stays written and marked, running again is safe");
            return 1;
        }
    }
}
