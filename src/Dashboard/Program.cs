using Supervision.Dashboard;
using Supervision.Dashboard.Summaries.Backfill;

if (args is [HashPasswordCommand.Verb, ..])
{
    return HashPasswordCommand.Run(Console.In, Console.Out, Console.Error);
}

if (args is [Supervision.Dashboard.Reports.RenderReportCommand.Verb, .. var report])
{
    return await Supervision.Dashboard.Reports.RenderReportCommand.RunAsync(report, Console.Out, Console.Error);
}

if (args is [BackfillSummariesCommand.Verb, .. var backfill])
{
    return await BackfillSummariesHost.RunAsync(backfill, Console.Out, Console.Error);
}

return await ServiceHost.RunAsync("Dashboard", () => DashboardApp.Build(args), Console.Error);
