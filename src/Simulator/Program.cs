using Supervision.Simulator;
using Supervision.Simulator.Seeding;

if (args is [SeedHistoryCommand.Verb, .. var seed])
{
    return await SeedHistoryHost.RunAsync(seed, Console.Out, Console.Error);
}

return await SimulatorApp.RunAsync(args);
