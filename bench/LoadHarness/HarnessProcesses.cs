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

    /// <summary>
    /// CPU seconds of <paramref name="pid"/> and its children so far: its own, its children's that ended (cutime and
    /// cstime, counted once the parent has waited for them) and its live children's. PostgreSQL's work is done by backends
    /// that come and go under the postmaster, nginx's by its workers; a child that ends moves its seconds from the live
    /// sum to the parent's, so the total only grows.
    /// </summary>
    public static double TreeCpuSeconds(int pid) => Ticks(pid, withChildren: true) / 100.0 + Children(pid).Sum(c => Ticks(c, withChildren: true) / 100.0);

    /// <summary>Resident set size of <paramref name="pid"/> in bytes (VmRSS of /proc/{pid}/status).</summary>
    public static long RssBytes(int pid) => StatusKilobytes($"/proc/{pid}/status", "VmRSS:") * 1024;

    /// <summary>
    /// Resident set sizes of <paramref name="pid"/> and its live children summed. For PostgreSQL this counts the shared
    /// buffers once per backend that touched them: an upper bound (<see cref="TreePssBytes"/> shares them out).
    /// </summary>
    public static long TreeRssBytes(int pid) => RssBytes(pid) + Children(pid).Sum(RssOrZero);

    /// <summary>Proportional set sizes (shared pages divided among their users) of <paramref name="pid"/> and its live children.</summary>
    public static long TreePssBytes(int pid) => new[] { pid }.Concat(Children(pid)).Sum(PssOrZero);

    // A child (a PostgreSQL backend) may end between the listing and the read: it then counts nothing (the second HA
    // soak of 2026-12-08 died on that race).
    private static long PssOrZero(int pid)
    {
        try
        {
            return StatusKilobytes($"/proc/{pid}/smaps_rollup", "Pss:") * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The live children of <paramref name="pid"/> (their parent id in /proc/{child}/stat).</summary>
    public static List<int> Children(int pid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var child))
            {
                continue;
            }

            try
            {
                // After the command name: state, then the parent's id.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture) == pid)
                {
                    children.Add(child);
                }
            }
            catch (IOException)
            {
                // Ended between the listing and the read.
            }
        }

        return children;
    }

    private static long RssOrZero(int pid)
    {
        try
        {
            return RssBytes(pid);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    // utime + stime (fields 14, 15), with cutime + cstime (16, 17) when asked; 0 for a process that has just ended.
    private static long Ticks(int pid, bool withChildren)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return withChildren ? ticks + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : ticks;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long StatusKilobytes(string file, string key)
    {
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
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
