using Microsoft.Extensions.Options;
using Supervision.Dashboard;
using Supervision.Dashboard.Security;
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

try
{
    await DashboardApp.Build(args).RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException || (ex is AggregateException all && all.InnerExceptions.All(e => e is OptionsValidationException)))
{
    // Several sections wrong at once arrive as an AggregateException of the sections' failures.
    var failures = ex is AggregateException many ? many.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures) : ((OptionsValidationException)ex).Failures;
    await Console.Error.WriteLineAsync("Dashboard configuration is invalid:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", failures));
    return 2;
}
