using System.Diagnostics;
using System.Globalization;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// The whole center as a new user runs it (<c>scripts/run.sh</c>), on free ports and its own data folder, for the
/// harnesses that measure it (soak, dead-man's switch, push → tile).
/// </summary>
public static class RunShCenter
{
    /// <summary>
    /// The port variables scripts/run.sh reads, each given a free port. With <paramref name="ha"/> also PostgreSQL's and
    /// Redis's, and the proxies' ports are chosen so that the two nodes behind each (the next two ports) are free too.
    /// </summary>
    public static Dictionary<string, int> FreePorts(bool ha = false)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["INFLUX_PORT"] = FreePort.Next(), ["SIM_PORT"] = FreePort.Next(), ["COLLECTOR_PORT"] = FreePort.Next(),
            ["ALERTING_PORT"] = ha ? ProxyPort() : FreePort.Next(), ["DASHBOARD_PORT"] = ha ? ProxyPort() : FreePort.Next(),
        };
        if (ha)
        {
            ports["PG_PORT"] = FreePort.Next();
            ports["REDIS_PORT"] = FreePort.Next();
            ports["INFLUX_REPLICA_PORT"] = FreePort.Next();
        }

        return ports;
    }

    /// <summary>Starts scripts/run.sh (with <paramref name="arguments"/>, e.g. --ha) with those ports, <paramref name="data"/> as its data folder and the extra variables.</summary>
    public static ServiceProcess Start(IReadOnlyDictionary<string, int> ports, string data, IReadOnlyDictionary<string, string>? extra = null, params string[] arguments)
    {
        var environment = ports.ToDictionary(p => p.Key, p => p.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        environment["SUPERVISION_DATA"] = data;
        environment["SUPERVISION_WAIT_ALL"] = "1";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return ServiceProcess.Start("run.sh", "/bin/bash", [Path.Combine(RepoPaths.Root, "scripts", "run.sh"), .. arguments], environment);
    }

    // A free port whose next two are free as well (run.sh --ha puts the nodes behind a proxy on port + 1 and + 2).
    private static int ProxyPort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = FreePort.Next();
            if (port < 65533 && IsFree(port + 1) && IsFree(port + 2))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no three consecutive free ports found on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits (at most 15 minutes) until scripts/run.sh says the center runs; throws with its output otherwise.</summary>
    public static async Task WaitUntilRunningAsync(ServiceProcess center)
    {
        ArgumentNullException.ThrowIfNull(center);
        var up = Stopwatch.StartNew();
        while (!center.Output.Contains("Supervision is running", StringComparison.Ordinal))
        {
            if (!center.IsRunning || up.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new InvalidOperationException("scripts/run.sh did not report the center running:\n" + center.Output);
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The processes scripts/run.sh started, by name (its <c>run.pids</c>).</summary>
    public static Dictionary<string, int> Pids(string data) =>
        File.ReadAllLines(Path.Combine(data, "run.pids")).Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
