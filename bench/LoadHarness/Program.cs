if (args.Length > 0 && args[0] == "notify")
{
    return await Supervision.LoadHarness.NotifyLatencyHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "simulator-load")
{
    return await Supervision.LoadHarness.SimulatorLoadHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "hub-fanout")
{
    return await Supervision.LoadHarness.HubFanoutHarness.RunAsync(args[1..]);
}

Console.WriteLine("usage: Supervision.LoadHarness <harness> [options]");
return 2;
