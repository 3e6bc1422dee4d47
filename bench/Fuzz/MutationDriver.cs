using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Supervision.Fuzz;

/// <summary>
/// The bounded in-process engine: random mutations (bit flips, interesting bytes, format tokens, deletions,
/// duplications, splices) of a corpus that grows with inputs giving an outcome not seen before (behavioural
/// feedback, not code coverage), for a fixed time. Every input is checked for exceptions other than the
/// target's own, for hangs (a watchdog ends the process) and for allocation beyond the limit.
/// </summary>
internal sealed class MutationDriver(FuzzTarget target, FuzzSettings settings, TextWriter log)
{
    private static readonly byte[] Interesting = [0, (byte)'\n', (byte)'\r', (byte)'\t', (byte)' ', (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)',', (byte)'=', (byte)'#', (byte)'-', (byte)'+', (byte)'.', (byte)'e', 0x7F, 0x80, 0xBF, 0xC3, 0xED, 0xEF, 0xF0, 0xFF];

    private readonly Random _random = new(settings.Seed);
    private readonly List<byte[]> _corpus = [];
    private readonly HashSet<string> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _findings = new(StringComparer.Ordinal);
    private readonly List<(string File, double Milliseconds, double AtSeconds)> _slow = [];
    private readonly HashSet<string> _slowNames = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private long _slowCount;
    private long _runs;
    private long _maxAllocated;
    private double _maxMilliseconds;
    private long _inputStarted;

    /// <summary>Runs for the configured time; returns the number of distinct findings.</summary>
    public int Run()
    {
        foreach (var seed in target.Seeds)
        {
            _corpus.Add(Encoding.UTF8.GetBytes(seed));
        }

        if (settings.CorpusDirectory is { } dir && Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                if (bytes.Length <= settings.MaxLength)
                {
                    _corpus.Add(bytes);
                }
            }
        }

        var seeds = _corpus.Count;
        using var stop = new CancellationTokenSource();
        var watchdog = new Thread(() => Watch(stop.Token)) { IsBackground = true, Name = "fuzz watchdog" };
        watchdog.Start();
        _clock.Start();
        var clock = _clock;
        foreach (var input in _corpus.ToArray())
        {
            Execute(input);
        }

        while (clock.Elapsed < settings.Duration)
        {
            var parent = _corpus[_random.Next(_corpus.Count)];
            var input = Mutate(parent);
            if (Execute(input) is { } outcome && _outcomes.Add(outcome) && _corpus.Count < 50_000)
            {
                _corpus.Add(input);
            }
        }

        stop.Cancel();
        log.WriteLine(
            $"{target.Name}: {clock.Elapsed.TotalSeconds:0} s, {_runs:N0} inputs ({_runs / clock.Elapsed.TotalSeconds:N0}/s), seeds {seeds}, " +
            $"corpus {_corpus.Count}, distinct outcomes {_outcomes.Count}, slowest input {_maxMilliseconds:0.0} ms, " +
            $"most allocated by one input {_maxAllocated / 1024.0:N0} KiB, findings {_findings.Count}, " +
            $"inputs over {settings.SlowMilliseconds:0.###} ms {_slowCount:N0}");
        foreach (var (file, milliseconds, at) in _slow.OrderByDescending(s => s.Milliseconds))
        {
            log.WriteLine($"{target.Name}:   slow {milliseconds,8:0.0} ms at {at,6:0.0} s  {file}");
        }

        if (_slowCount > _slow.Count)
        {
            log.WriteLine($"{target.Name}:   ({_slowCount - _slow.Count:N0} more slow inputs, faster or repeated, not kept: the slowest {settings.MaxSlowInputs} are)");
        }

        return _findings.Count;
    }

    private string? Execute(byte[] input)
    {
        _runs++;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var collectionsBefore = GC.CollectionCount(0);
        Volatile.Write(ref _inputStarted, Stopwatch.GetTimestamp());
        string? outcome = null;
        try
        {
            outcome = target.Run(input);
        }
        catch (Exception ex) when (!target.Allowed.Contains(ex.GetType()))
        {
            var frame = new StackTrace(ex).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Supervision", StringComparison.Ordinal) == true);
            Record($"{ex.GetType().Name} at {frame?.GetMethod()?.DeclaringType?.Name}.{frame?.GetMethod()?.Name}", input, ex.ToString());
        }
        catch (Exception ex)
        {
            outcome = "typed:" + ex.GetType().Name;
        }

        var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref _inputStarted)).TotalMilliseconds;
        Volatile.Write(ref _inputStarted, 0);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        _maxAllocated = Math.Max(_maxAllocated, allocated);
        _maxMilliseconds = Math.Max(_maxMilliseconds, elapsed);
        if (allocated > settings.AllocationLimit(input.Length))
        {
            Record($"allocated {allocated / 1024} KiB for {input.Length} bytes", input, "over the allocation limit");
        }

        if (elapsed > settings.SlowMilliseconds)
        {
            RecordSlow(input, elapsed, GC.CollectionCount(0) - collectionsBefore);
        }

        return outcome;
    }

    private void Record(string kind, byte[] input, string detail)
    {
        var bucket = kind.Contains("KiB", StringComparison.Ordinal) ? "allocation" : kind;
        if (!_findings.TryAdd(bucket, input))
        {
            return;
        }

        Directory.CreateDirectory(settings.FindingsDirectory);
        var name = $"{target.Name}-{Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant()}";
        File.WriteAllBytes(Path.Combine(settings.FindingsDirectory, name + ".input"), input);
        File.WriteAllText(Path.Combine(settings.FindingsDirectory, name + ".txt"), kind + Environment.NewLine + detail + Environment.NewLine);
        log.WriteLine($"{target.Name}: FINDING {kind} -> {name}.input");
    }

    // Every slow input is logged with its time, and the slowest MaxSlowInputs of them are kept on disk (each input
    // once), with when in the run they came, so a replay with `repro` tells an input slow by itself from the
    // machine's load, the JIT or a collection.
    private void RecordSlow(byte[] input, double elapsed, int collections)
    {
        _slowCount++;
        _findings.TryAdd("slow", input);
        var name = $"{target.Name}-slow-{Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant()}";
        var at = _clock.Elapsed.TotalSeconds;
        log.WriteLine($"{target.Name}: slow input ({elapsed:0} ms, {input.Length} bytes, {at:0.0} s into the run, {collections} GCs) -> {name}.input");
        if (_slowNames.Contains(name))
        {
            return;
        }

        if (_slow.Count >= settings.MaxSlowInputs)
        {
            var fastest = _slow.MinBy(s => s.Milliseconds);
            if (fastest.Milliseconds >= elapsed)
            {
                return;
            }

            _slow.Remove(fastest);
            _slowNames.Remove(fastest.File[..^".input".Length]);
            File.Delete(Path.Combine(settings.FindingsDirectory, fastest.File));
            File.Delete(Path.Combine(settings.FindingsDirectory, Path.ChangeExtension(fastest.File, ".txt")));
        }

        _slowNames.Add(name);
        Directory.CreateDirectory(settings.FindingsDirectory);
        File.WriteAllBytes(Path.Combine(settings.FindingsDirectory, name + ".input"), input);
        File.WriteAllText(
            Path.Combine(settings.FindingsDirectory, name + ".txt"),
            $"slow input ({elapsed:0} ms){Environment.NewLine}one input of {input.Length} bytes took {elapsed:0.0} ms, {at:0.0} s into the run, {collections} collections during it{Environment.NewLine}");
        _slow.Add((name + ".input", elapsed, at));
    }

    // A hang cannot be caught on the thread that hangs: the watchdog saves the input being run and ends the process.
    private void Watch(CancellationToken stop)
    {
        while (!stop.WaitHandle.WaitOne(250))
        {
            var started = Volatile.Read(ref _inputStarted);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > settings.HangLimit)
            {
                log.WriteLine($"{target.Name}: FINDING hang (> {settings.HangLimit.TotalSeconds:0} s); process ends");
                log.Flush();
                Environment.Exit(3);
            }
        }
    }

    private byte[] Mutate(byte[] parent)
    {
        var data = new List<byte>(parent);
        var rounds = 1 + _random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            var at = data.Count == 0 ? 0 : _random.Next(data.Count);
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = Interesting[_random.Next(Interesting.Length)];
                    break;
                case 2:
                case 3:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(target.Tokens[_random.Next(target.Tokens.Count)]));
                    break;
                case 4 when data.Count > 1:
                    data.RemoveRange(at, Math.Min(1 + _random.Next(16), data.Count - at));
                    break;
                case 5 when data.Count > 1:
                    var length = Math.Min(1 + _random.Next(64), data.Count - at);
                    data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 6:
                    var other = _corpus[_random.Next(_corpus.Count)];
                    var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + _random.Next(128))).ToArray());
                    break;
                default:
                    data.Insert(at, (byte)_random.Next(256));
                    break;
            }
        }

        if (data.Count > settings.MaxLength)
        {
            data.RemoveRange(settings.MaxLength, data.Count - settings.MaxLength);
        }

        return [.. data];
    }
}
