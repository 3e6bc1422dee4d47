Console.WriteLine("usage: Supervision.LoadHarness <harness> [options]");
return 2;
