using Supervision.Simulator;

return await SimulatorApp.RunAsync(args);
