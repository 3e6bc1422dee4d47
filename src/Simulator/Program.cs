using Supervision.Simulator;

await SimulatorApp.Build(args).RunAsync();
