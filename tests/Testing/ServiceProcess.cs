using System.Diagnostics;
using System.Text;

namespace Supervision.Testing;

/// <summary>
/// One of the center's services (or a real dependency) run as a child process, as an operator would
/// run it: started with arguments and environment, ready when an HTTP endpoint answers, its output kept
/// for the test's failure message, killed (optionally hard, like <c>kill -9</c>) on demand or dispose.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A short name for messages.</summary>
    public string Name { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet {assembly} {args}</c> for a built project of this repository.</summary>
    public static ServiceProcess StartDotnet(string name, string assemblyPath, IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        Start(name, "dotnet", [assemblyPath, .. args], environment);

    /// <summary>Starts any executable.</summary>
    public static ServiceProcess Start(string name, string fileName, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start {fileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The path of a built assembly of this repository, e.g. <c>("src/Simulator", "Supervision.Simulator")</c>.</summary>
    public static string BuiltAssembly(string projectFolder, string assemblyName)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = RepoPaths.Combine(projectFolder, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assemblyName} is not built at {path}; build the solution first (scripts/test.sh does)", path);
    }

    /// <summary>Waits until <paramref name="url"/> answers with a success status, or fails with the process output.</summary>
    public async Task WaitForHttpAsync(Uri url, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before {url} answered:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name}: {url} did not answer within {timeout}:\n{Output}");
    }

    /// <summary>Writes <paramref name="stdin"/>, closes it, and waits for the exit code (killing the process after <paramref name="timeout"/>).</summary>
    public async Task<int> RunToEndAsync(string stdin, TimeSpan timeout)
    {
        await _process.StandardInput.WriteAsync(stdin);
        _process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"{Name} did not exit within {timeout}:\n{Output}");
        }

        // WaitForExit with a token does not wait for the redirected streams to drain.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for a graceful exit, killing it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            // Keep the tail only: a long test must not grow memory without bound.
            if (_output.Length > 256 * 1024)
            {
                _output.Remove(0, 128 * 1024);
            }

            _output.AppendLine(line);
        }
    }
}
