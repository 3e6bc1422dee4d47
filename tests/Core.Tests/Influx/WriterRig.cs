using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Writing;

namespace Supervision.Core.Tests.Influx;

/// <summary>
/// One <see cref="InfluxWriter"/> under test against one server, through the real HTTP sink, with its disk buffer in a
/// folder of its own and a <see cref="Tally"/> observer; disposing stops the writer and removes the folder.
/// </summary>
public sealed class WriterRig : IAsyncDisposable
{
    private static readonly IHttpClientFactory HttpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "supervision-writer-" + Guid.NewGuid().ToString("N"));

    /// <summary>A started writer for <paramref name="influx"/> (its URL, database and credentials).</summary>
    public WriterRig(InfluxOptions influx, InfluxWriteOptions options, TimeProvider? time = null)
    {
        var clock = time ?? TimeProvider.System;
        Buffer = new DiskBuffer(_folder, 1 << 30, TimeSpan.FromHours(24), clock, NullLogger<DiskBuffer>.Instance);
        Writer = new InfluxWriter([new WriteDestination(WriteDestination.ServerName(influx.Url), new InfluxHttpSink(HttpClients, influx, influx.Url), Buffer)],
            options, clock, NullLogger<InfluxWriter>.Instance, _ => Counts);
        Writer.Start();
    }

    public InfluxWriter Writer { get; }

    public DiskBuffer Buffer { get; }

    public Tally Counts { get; } = new();

    /// <summary>Options for a database of <paramref name="url"/>, credentials as given.</summary>
    public static InfluxOptions Server(Uri url, string database, bool gzip = false, string? user = null, string? password = null, TimeSpan? timeout = null) =>
        new() { Url = url.ToString(), Database = database, Gzip = gzip, Username = user, Password = password, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>Lines <c>{measurement} v={i}i {i}</c> for i in [from, from + count), each padded to <paramref name="padTo"/> bytes when given.</summary>
    public static byte[] Lines(int from, int count, string measurement = "m", int padTo = 0)
    {
        var builder = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            var head = $"{measurement} v={i}i";
            var tail = $" {i}\n";
            builder.Append(head);
            if (padTo > 0)
            {
                builder.Append(",pad=\"").Append('x', padTo - head.Length - tail.Length - 7).Append('"');
            }

            builder.Append(tail);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Waits (bounded, 60 s) for <paramref name="condition"/>; fails naming <paramref name="what"/>.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        for (var i = 0; i < 1200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "timed out waiting for: " + what);
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        Buffer.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>What the writer reported of its server: batch sizes as queued, points by fate, failures, and the threads that spilled.</summary>
    public sealed class Tally : InfluxWriteObserver
    {
        private readonly ConcurrentQueue<int> _queuedBatches = new();
        private readonly ConcurrentQueue<InfluxException> _failures = new();
        private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<int, int> _spillThreads = new();
        private long _written;
        private long _writes;
        private long _replayed;
        private long _spilled;
        private long _inMemory;
        private int _failuresBeforeSpill = -1;

        /// <summary>The size of each batch queued for the server, in order.</summary>
        public int[] QueuedBatches => [.. _queuedBatches];

        public InfluxException[] Failures => [.. _failures];

        /// <summary>Points accepted, live and replayed.</summary>
        public long PointsWritten => Interlocked.Read(ref _written) + Interlocked.Read(ref _replayed);

        /// <summary>Accepted live write requests.</summary>
        public long Writes => Interlocked.Read(ref _writes);

        public long PointsReplayed => Interlocked.Read(ref _replayed);

        public long PointsSpilled => Interlocked.Read(ref _spilled);

        public long InMemory => Interlocked.Read(ref _inMemory);

        /// <summary>Failed requests reported before the first spill (-1 before it): the attempts a batch got before going to disk.</summary>
        public int FailuresBeforeSpill => Volatile.Read(ref _failuresBeforeSpill);

        /// <summary>Managed thread ids that wrote to the disk buffer.</summary>
        public IReadOnlyCollection<int> SpillThreads => [.. _spillThreads.Keys];

        public long Dropped(string cause) => _dropped.GetValueOrDefault(cause);

        public override void Queued(int points)
        {
            Interlocked.Add(ref _inMemory, points);
            if (points > 0)
            {
                _queuedBatches.Enqueue(points);
            }
        }

        public override void Written(int points, TimeSpan took)
        {
            Interlocked.Add(ref _written, points);
            Interlocked.Increment(ref _writes);
        }

        public override void Replayed(int points) => Interlocked.Add(ref _replayed, points);

        public override void Spilled(int points)
        {
            _spillThreads.TryAdd(Environment.CurrentManagedThreadId, 0);
            Interlocked.CompareExchange(ref _failuresBeforeSpill, _failures.Count, -1);
            Interlocked.Add(ref _spilled, points);
        }

        public override void Failed(InfluxException error) => _failures.Enqueue(error);

        public override void Dropped(int points, string cause) => _dropped.AddOrUpdate(cause, points, (_, n) => n + points);
    }
}
