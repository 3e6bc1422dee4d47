using System.Globalization;
using System.Net;

namespace Supervision.LoadHarness;

/// <summary>What the harnesses share: the repository root, free ports, and a process's CPU and memory from /proc.</summary>
public static class HarnessProcesses
{
    /// <summary>User + system CPU seconds of <paramref name="pid"/> so far, from /proc/{pid}/stat.</summary>
    public static double CpuSeconds(int pid)
    {
        // Fields 14 and 15 (utime, stime) in clock ticks; the command name (field 2) may hold spaces, so split after ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>Resident set size of <paramref name="pid"/> in bytes (VmRSS of /proc/{pid}/status).</summary>
    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>A TCP port free on 127.0.0.1 a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository root (the folder of Supervision.sln) above the current directory.</summary>
    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Supervision.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (Supervision.sln not found)");
    }

    /// <summary>
    /// An inventory file's text without its <c>center</c> unit (the block from <c>  - id: center</c> to the next unit,
    /// with the comment above it): a harness that compares the collector with Prometheus on the simulated fleet
    /// scrapes the fleet only.
    /// </summary>
    public static string WithoutCenterUnit(string text)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith("  - id: center", StringComparison.Ordinal));
        if (start < 0)
        {
            return text;
        }

        var end = start + 1;
        while (end < lines.Count && lines[end].StartsWith("    ", StringComparison.Ordinal))
        {
            end++;
        }

        while (start > 0 && lines[start - 1].StartsWith("  #", StringComparison.Ordinal))
        {
            start--;
        }

        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }
}
