namespace Supervision.Core.Influx.Writing;

/// <summary>
/// What an <see cref="InfluxWriter"/> reports of one server it writes to, for a host's metrics (the collector maps each
/// call to a Prometheus series labelled by the server) or a test's counts. The default does nothing. Calls come from
/// the appending threads, the senders, the spill loop and the replayer at once: an implementation must be thread-safe
/// and must not block.
/// </summary>
public class InfluxWriteObserver
{
    /// <summary>Why points were given up (<see cref="Dropped"/>).</summary>
    public static class Causes
    {
        /// <summary>The server refused the body as invalid (4xx other than 413): resending it could never succeed.</summary>
        public const string Rejected = "rejected";

        /// <summary>The server's in-memory backlog reached twice <see cref="InfluxWriteOptions.QueueBatches"/> (the disk did not keep up).</summary>
        public const string QueueFull = "queue-full";

        /// <summary>Writing to the disk buffer failed (disk full, I/O error).</summary>
        public const string BufferFailed = "buffer-failed";

        /// <summary>Every cause, so a host can export each at 0 from the start.</summary>
        public static IReadOnlyList<string> All { get; } = [Rejected, QueueFull, BufferFailed];
    }

    /// <summary>A batch of <paramref name="points"/> was queued in memory for the server (positive) or taken from the queue (negative).</summary>
    public virtual void Queued(int points)
    {
    }

    /// <summary>A live batch (or the part a partial write kept) was accepted by the server in <paramref name="took"/>.</summary>
    public virtual void Written(int points, TimeSpan took)
    {
    }

    /// <summary>A batch from the disk buffer was accepted by the server.</summary>
    public virtual void Replayed(int points)
    {
    }

    /// <summary>A batch went to the server's disk buffer (fsynced).</summary>
    public virtual void Spilled(int points)
    {
    }

    /// <summary>A write request failed (each attempt and each replay attempt counts).</summary>
    public virtual void Failed(InfluxException error)
    {
    }

    /// <summary>Points given up, with one of <see cref="Causes"/>; already logged with the reason.</summary>
    public virtual void Dropped(int points, string cause)
    {
    }

    /// <summary>The disk buffer now: bytes on disk and points its limits dropped since start (called about twice a second).</summary>
    public virtual void Buffer(long bytes, long droppedPoints)
    {
    }
}
