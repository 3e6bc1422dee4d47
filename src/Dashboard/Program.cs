using Supervision.Dashboard;
using Supervision.Dashboard.Security;
using Supervision.Dashboard.Summaries.Backfill;

if (args is [HashPasswordCommand.Verb, ..])
{
    return HashPasswordCommand.Run(Console.In, Console.Out, Console.Error);
}

if (args is [BackfillSummariesCommand.Verb, .. var backfill])
{
    return await BackfillSummariesHost.RunAsync(backfill, Console.Out, Console.Error);
}

try
{
    await DashboardApp.Build(args).RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("Dashboard configuration is invalid:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", ex.Failures));
    return 2;
}
