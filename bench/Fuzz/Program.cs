using System.Globalization;
using Supervision.Fuzz;

// usage: Supervision.Fuzz repro <target> FILE|DIR [TIMES]
//        Supervision.Fuzz seeds <target> DIR   (writes the target's seeds to DIR and its tokens to DIR.dict, for afl-fuzz)
//        Supervision.Fuzz <target|all|list> [--seconds N] [--max-len BYTES] [--seed N] [--corpus DIR] [--findings DIR] [--slow-ms MS] [--engine builtin|afl]
if (args.Length == 0 || args[0] is "list" or "-h" or "--help")
{
    Console.WriteLine("usage: Supervision.Fuzz <target|all> [--seconds 600] [--max-len 4096] [--seed 1] [--corpus DIR] [--findings bench/Fuzz/findings] [--slow-ms 1000] [--engine builtin|afl]");
    Console.WriteLine("       Supervision.Fuzz repro <target> FILE|DIR [TIMES]   (replays one finding, or every *.input of DIR, TIMES runs each, with times)");
    Console.WriteLine("       Supervision.Fuzz seeds <target> DIR                (the target's seeds into DIR, its tokens into DIR.dict, for afl-fuzz)");
    Console.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return args.Length == 0 ? 2 : 0;
}

if (args is ["repro", _, _] or ["repro", _, _, _])
{
    var (name, path) = (args[1], args[2]);
    // Runs saved inputs (findings: one file, or every *.input in a folder) through their target and prints what
    // happens and how long it took; with TIMES, each input runs that many times in this process (the first run of
    // the first input pays for the JIT): an input slow by itself stays slow, one slowed by the machine does not.
    var target = FuzzTargets.All.Single(t => t.Name == name);
    var times = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
    var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.input").Order(StringComparer.Ordinal).ToArray() : [path];
    var result = 0;
    foreach (var file in files)
    {
        var input = File.ReadAllBytes(file);
        var milliseconds = new List<double>(times);
        string? line = null;
        for (var run = 0; run < times; run++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                line = "outcome: " + target.Run(input);
            }
            catch (Exception ex)
            {
                line = (target.Allowed.Contains(ex.GetType()) ? "typed error: " : "FINDING: ") + ex.GetType().Name + ": " + ex.Message;
                result = Math.Max(result, target.Allowed.Contains(ex.GetType()) ? 0 : 1);
            }

            milliseconds.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var timing = string.Join(" ", milliseconds.Select(m => m.ToString("0.0", CultureInfo.InvariantCulture)));
        Console.WriteLine((files.Length > 1 ? Path.GetFileName(file) + " " : string.Empty) + $"{line} ({timing} ms)");
    }

    return result;
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
double? slowMilliseconds = null;
for (var i = 1; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--max-len": maxLength = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--corpus": corpus = args[i + 1]; break;
        case "--findings": findings = args[i + 1]; break;
        case "--slow-ms": slowMilliseconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
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
if (slowMilliseconds is { } slow)
{
    settings = settings with { SlowMilliseconds = slow };
}

var total = 0;
foreach (var target in targets)
{
    total += new MutationDriver(target, settings, Console.Out).Run();
}

return total == 0 ? 0 : 1;
