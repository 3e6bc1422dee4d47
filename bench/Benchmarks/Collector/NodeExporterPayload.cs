using System.Globalization;
using System.Text;
using Supervision.Collector.Parsing;

namespace Supervision.Benchmarks.Collector;

/// <summary>
/// A deterministic exposition shaped like a node_exporter on an 8-core server with disks, file systems and
/// network interfaces: counters, gauges, a summary and histograms, HELP and TYPE on every family, label
/// values with escapes and Vietnamese text. About 1,600 samples (≈ 200 KB), in either text format.
/// </summary>
public static class NodeExporterPayload
{
    private static readonly string[] CpuModes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
    private static readonly string[] Disks = ["sda", "sdb", "nvme0n1", "nvme1n1", "dm-0", "dm-1"];
    private static readonly string[] DiskCounters =
    [
        "node_disk_discard_time_seconds", "node_disk_discarded_sectors", "node_disk_discards_completed", "node_disk_discards_merged",
        "node_disk_flush_requests", "node_disk_flush_requests_time_seconds", "node_disk_io_time_seconds", "node_disk_io_time_weighted_seconds",
        "node_disk_read_bytes", "node_disk_read_time_seconds", "node_disk_reads_completed", "node_disk_reads_merged",
        "node_disk_write_time_seconds", "node_disk_writes_completed", "node_disk_writes_merged", "node_disk_written_bytes",
    ];

    private static readonly string[] Interfaces = ["eth0", "eth1", "bond0", "docker0", "lo", "wg-tinh79", "veth3f2a1b", "veth9c0d7e"];
    private static readonly string[] NetCounters =
    [
        "node_network_receive_bytes", "node_network_receive_compressed", "node_network_receive_drop", "node_network_receive_errs",
        "node_network_receive_fifo", "node_network_receive_frame", "node_network_receive_multicast", "node_network_receive_packets",
        "node_network_transmit_bytes", "node_network_transmit_carrier", "node_network_transmit_colls", "node_network_transmit_compressed",
        "node_network_transmit_drop", "node_network_transmit_errs", "node_network_transmit_fifo", "node_network_transmit_packets",
    ];

    private static readonly string[] NetGauges = ["node_network_mtu_bytes", "node_network_speed_bytes", "node_network_up", "node_network_carrier", "node_network_transmit_queue_length"];
    private static readonly (string Device, string Type, string Mount)[] FileSystems =
    [
        ("/dev/sda1", "ext4", "/"), ("/dev/sda2", "vfat", "/boot/efi"), ("/dev/mapper/vg-data", "xfs", "/srv/du lieu"),
        ("/dev/nvme0n1p1", "ext4", "/var/lib/postgresql"), ("tmpfs", "tmpfs", "/run"), ("tmpfs", "tmpfs", "/run/user/1000"),
        ("/dev/mapper/vg-log", "ext4", "/var/log"), ("//nas.tinh79.gov.vn/Văn bản", "cifs", "/mnt/văn-bản"),
    ];

    private static readonly string[] FsGauges = ["node_filesystem_avail_bytes", "node_filesystem_device_error", "node_filesystem_files", "node_filesystem_files_free", "node_filesystem_free_bytes", "node_filesystem_readonly", "node_filesystem_size_bytes"];
    private static readonly string[] Buckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];

    /// <summary>The payload in <paramref name="format"/>; the same text for the same format every time.</summary>
    public static string Create(ExpositionFormat format)
    {
        var om = format == ExpositionFormat.OpenMetrics;
        var random = new Random(20251123);
        var text = new StringBuilder(200 * 1024);

        Family(text, "node_cpu_seconds", "Seconds the CPUs spent in each mode.", "counter", om);
        for (var cpu = 0; cpu < 8; cpu++)
        {
            foreach (var mode in CpuModes)
            {
                Sample(text, Total("node_cpu_seconds"), random.NextDouble() * 1e6, ("cpu", cpu.ToString(CultureInfo.InvariantCulture)), ("mode", mode));
            }
        }

        foreach (var name in DiskCounters)
        {
            Family(text, name, "Disk statistic " + name + ".", "counter", om);
            foreach (var disk in Disks)
            {
                Sample(text, Total(name), Math.Floor(random.NextDouble() * 1e10), ("device", disk));
            }
        }

        foreach (var name in NetCounters)
        {
            Family(text, name, "Network device statistic " + name + ".", "counter", om);
            foreach (var nic in Interfaces)
            {
                Sample(text, Total(name), Math.Floor(random.NextDouble() * 1e12), ("device", nic));
            }
        }

        foreach (var name in NetGauges)
        {
            Family(text, name, "Network device property " + name + ".", "gauge", om);
            foreach (var nic in Interfaces)
            {
                Sample(text, name, Math.Floor(random.NextDouble() * 1e4), ("device", nic));
            }
        }

        foreach (var name in FsGauges)
        {
            Family(text, name, "Filesystem property " + name + ".", "gauge", om);
            foreach (var (device, type, mount) in FileSystems)
            {
                Sample(text, name, Math.Floor(random.NextDouble() * 1e12), ("device", device), ("fstype", type), ("mountpoint", mount));
            }
        }

        // Per-interrupt counters, the long tail of a real node_exporter body.
        Family(text, "node_interrupts", "Interrupt details.", "counter", om);
        for (var irq = 0; irq < 128; irq++)
        {
            for (var cpu = 0; cpu < 8; cpu++)
            {
                Sample(text, Total("node_interrupts"), Math.Floor(random.NextDouble() * 1e9),
                    ("cpu", cpu.ToString(CultureInfo.InvariantCulture)), ("devices", "PCI-MSI " + irq.ToString(CultureInfo.InvariantCulture) + "-edge"), ("info", "\"eth0-TxRx\\" + irq.ToString(CultureInfo.InvariantCulture)), ("type", irq.ToString(CultureInfo.InvariantCulture)));
            }
        }

        Family(text, "go_gc_duration_seconds", "A summary of the pause duration of garbage collection cycles.", "summary", om);
        foreach (var q in new[] { "0", "0.25", "0.5", "0.75", "1" })
        {
            Sample(text, "go_gc_duration_seconds", random.NextDouble() / 1000, ("quantile", q));
        }

        Sample(text, "go_gc_duration_seconds_sum", 12.5);
        Sample(text, "go_gc_duration_seconds_count", 43210);

        foreach (var handler in new[] { "/metrics", "/health", "/api/v1/hồ-sơ", "/api/v1/văn-bản" })
        {
            var name = "http_request_duration_seconds_" + handler.Length.ToString(CultureInfo.InvariantCulture);
            Family(text, name, "Request latency of " + handler + ".", "histogram", om);
            foreach (var code in new[] { "200", "404", "500" })
            {
                var cumulative = 0.0;
                foreach (var le in Buckets)
                {
                    cumulative += Math.Floor(random.NextDouble() * 100);
                    Sample(text, name + "_bucket", cumulative, ("handler", handler), ("code", code), ("le", le));
                }

                Sample(text, name + "_sum", cumulative * 0.07, ("handler", handler), ("code", code));
                Sample(text, name + "_count", cumulative, ("handler", handler), ("code", code));
            }
        }

        Family(text, "node_time_seconds", "System time in seconds since epoch (1970).", "gauge", om);
        Sample(text, "node_time_seconds", 1763866800.123);
        Family(text, "node_load1", "1m load average.", "gauge", om);
        Sample(text, "node_load1", 0.52);
        Family(text, "node_entropy_available_bits", "Bits of available entropy.", "gauge", om);
        Sample(text, "node_entropy_available_bits", double.NaN);
        if (om)
        {
            text.Append("# EOF\n");
        }

        return text.ToString();
    }

    // Prometheus text names the counter family with its _total; OpenMetrics names it without.
    private static string Total(string family) => family + "_total";

    private static void Family(StringBuilder text, string name, string help, string type, bool openMetrics)
    {
        var exposed = type == "counter" && !openMetrics ? Total(name) : name;
        text.Append("# HELP ").Append(exposed).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(exposed).Append(' ').Append(type).Append('\n');
    }

    private static void Sample(StringBuilder text, string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : ",").Append(labels[i].Name).Append("=\"");
                foreach (var c in labels[i].Value)
                {
                    text.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
                }

                text.Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}
