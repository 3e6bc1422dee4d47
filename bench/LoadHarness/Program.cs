if (args.Length > 0 && args[0] == "notify")
{
    return await Supervision.LoadHarness.NotifyLatencyHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "alert-eval")
{
    return await Supervision.LoadHarness.AlertEvalHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "alert-latency")
{
    return await Supervision.LoadHarness.AlertLatencyHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "simulator-load")
{
    return await Supervision.LoadHarness.SimulatorLoadHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "influx-write")
{
    return await Supervision.LoadHarness.InfluxWriteHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "collector-fleet")
{
    return await Supervision.LoadHarness.CollectorFleetHarness.RunAsync(args[1..]);
}

Console.WriteLine("usage: Supervision.LoadHarness notify|simulator-load|influx-write|collector-fleet [options]");
return 2;
