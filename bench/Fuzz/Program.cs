using System.Globalization;
using Supervision.Fuzz;

// usage: Supervision.Fuzz repro <target> FILE
//        Supervision.Fuzz seeds <target> DIR   (writes the target's seeds to DIR and its tokens to DIR.dict, for afl-fuzz)
//        Supervision.Fuzz <target|all|list> [--seconds N] [--max-len BYTES] [--seed N] [--corpus DIR] [--findings DIR] [--engine builtin|afl]
if (args.Length == 0 || args[0] is "list" or "-h" or "--help")
{
    Console.WriteLine("usage: Supervision.Fuzz <target|all> [--seconds 600] [--max-len 4096] [--seed 1] [--corpus DIR] [--findings bench/Fuzz/findings] [--engine builtin|afl]");
    Console.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return args.Length == 0 ? 2 : 0;
}

if (args is ["repro", var name, var file])
{
    // Runs one saved input (a finding) through its target and prints what happens.
    var target = FuzzTargets.All.Single(t => t.Name == name);
    try
    {
        Console.WriteLine("outcome: " + target.Run(File.ReadAllBytes(file)));
        return 0;
    }
    catch (Exception ex)
    {
        Console.WriteLine((target.Allowed.Contains(ex.GetType()) ? "typed error: " : "FINDING: ") + ex.GetType().Name + ": " + ex.Message);
        return target.Allowed.Contains(ex.GetType()) ? 0 : 1;
    }
}

if (args is ["seeds", var seedTarget, var dir])
{
    var target = FuzzTargets.All.Single(t => t.Name == seedTarget);
    Directory.CreateDirectory(dir);
    for (var i = 0; i < target.Seeds.Count; i++)
    {
        File.WriteAllText(Path.Combine(dir, $"seed-{i}"), target.Seeds[i]);
    }

    // AFL's dictionary format: one quoted token a line, bytes outside printable ASCII and quotes/backslashes as \xNN.
    File.WriteAllLines(dir.TrimEnd('/') + ".dict", target.Tokens.Select((token, i) => $"t{i}=\"{AflDictionary.Escape(token)}\""));
    return 0;
}

var seconds = 600;
var maxLength = 4096;
var seed = 1;
string? corpus = null;
var findings = Path.Combine("bench", "Fuzz", "findings");
var engine = "builtin";
for (var i = 1; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--max-len": maxLength = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--corpus": corpus = args[i + 1]; break;
        case "--findings": findings = args[i + 1]; break;
        case "--engine": engine = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

if (engine == "afl")
{
    // Under afl-fuzz (afl++ from Debian), with the assemblies instrumented by the SharpFuzz command-line tool:
    // AFL drives inputs and measures coverage; an exception other than the target's own is a crash to it, and
    // so is an input allocating over the limit (afl-fuzz runs with -m none: .NET reserves far more than it uses).
    // Nothing instrumented may run before Run has mapped AFL's shared memory (the instrumentation writes to it):
    // the targets (whose static fields build parsers) are first touched inside the callback.
    var aflTarget = args[0];
    FuzzTarget? target = null;
    var limits = new FuzzSettings(TimeSpan.Zero, maxLength, seed, null, findings);
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var input = buffer.ToArray();
        target ??= FuzzTargets.All.Single(t => t.Name == aflTarget);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target.Run(input);
        }
        catch (Exception ex) when (target.Allowed.Contains(ex.GetType()))
        {
            // the target's own typed error: a valid outcome
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > limits.AllocationLimit(input.Length))
        {
            throw new InsufficientMemoryException($"one input of {input.Length} bytes allocated {allocated / 1024} KiB");
        }
    });
    return 0;
}

var targets = args[0] == "all" ? FuzzTargets.All : FuzzTargets.All.Where(t => t.Name == args[0]).ToList();
if (targets.Count == 0)
{
    Console.Error.WriteLine($"unknown target {args[0]}; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

var settings = new FuzzSettings(TimeSpan.FromSeconds(seconds), maxLength, seed, corpus, findings);
var total = 0;
foreach (var target in targets)
{
    total += new MutationDriver(target, settings, Console.Out).Run();
}

return total == 0 ? 0 : 1;
