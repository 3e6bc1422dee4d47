using Supervision.Collector;
using Supervision.Collector.Cli;

if (args is ["check", ..])
{
    return await CheckCommand.RunAsync(args[1..], Console.OpenStandardInput(), Console.Out, Console.Error);
}

return await ServiceHost.RunAsync("Collector", () => CollectorApp.Build(args), Console.Error);
