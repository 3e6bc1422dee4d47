using Supervision.Collector;
using Supervision.Collector.Cli;

if (args is ["check", ..])
{
    return await CheckCommand.RunAsync(args[1..], Console.OpenStandardInput(), Console.Out, Console.Error);
}

try
{
    await CollectorApp.Build(args).RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("Collector configuration is invalid:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", ex.Failures));
    return 2;
}
