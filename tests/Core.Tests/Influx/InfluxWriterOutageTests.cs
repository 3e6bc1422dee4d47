using System.Diagnostics;
using Supervision.Core.Influx.Writing;
using Supervision.Testing;
using Xunit.Abstractions;

namespace Supervision.Core.Tests.Influx;

/// <summary>
/// Issue 16: a killed influxd (SIGKILL of the real process) while a scrape-like thread appends on a cadence. The disk
/// is written by the writer's own spill loop and senders, never by the appending thread, and every point reaches the
/// server once after it is started again on the same data.
/// </summary>
public sealed class InfluxWriterOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly InfluxServerFixture _influx = new() { Local = true };

    public Task InitializeAsync() => _influx.InitializeAsync();

    public Task DisposeAsync() => _influx.DisposeAsync();

    [Fact]
    public async Task while_influxd_is_killed_the_appending_thread_never_writes_the_disk_and_every_point_arrives_once_after_the_restart()
    {
        var db = await _influx.CreateDatabaseAsync("outage");

        // Small batches, one sender and a short queue: the queue overflows within a second of the outage.
        await using var rig = new WriterRig(WriterRig.Server(_influx.Url, db, timeout: TimeSpan.FromSeconds(5)),
            new InfluxWriteOptions { BatchPoints = 10, Concurrency = 1, QueueBatches = 4, FlushInterval = TimeSpan.FromMilliseconds(200) });
        var appended = 0;
        var longestAppend = TimeSpan.Zero;
        var phase = 0; // 0: before the kill, 1: killed, 2: restarted, 3: stop appending
        var appendsWhileKilled = 0;
        using var done = new ManualResetEventSlim();
        using var released = new ManualResetEventSlim();

        // The scrape thread: one 10-point batch every 10 ms, then it stays alive (its id cannot be reused) until asserted.
        var scraper = new Thread(() =>
        {
            while (Volatile.Read(ref phase) < 3)
            {
                var started = Stopwatch.GetTimestamp();
                rig.Writer.AppendLines(WriterRig.Lines(appended, 10), 10);
                var took = Stopwatch.GetElapsedTime(started);
                longestAppend = took > longestAppend ? took : longestAppend;
                appended += 10;
                if (Volatile.Read(ref phase) == 1)
                {
                    Interlocked.Increment(ref appendsWhileKilled);
                }

                released.Wait(TimeSpan.FromMilliseconds(10)); // the cadence (released only at the end)
            }

            done.Set();
            released.Wait();
        }) { IsBackground = true, Name = "scrape" };
        scraper.Start();
        var scrapeThread = scraper.ManagedThreadId;

        await WriterRig.Until(() => rig.Counts.PointsWritten >= 100, "points written before the kill");
        await _influx.StopServerAsync();
        Volatile.Write(ref phase, 1);
        await WriterRig.Until(() => rig.Counts.PointsSpilled >= 100, "points spilled while influxd is down");

        // The queue over its limit is what used to make the scrape thread spill (and fsync).
        await WriterRig.Until(() => Volatile.Read(ref appendsWhileKilled) >= 50, "the scrape thread appending through the outage");
        await _influx.StartServerAsync();
        Volatile.Write(ref phase, 2);
        await WriterRig.Until(() => rig.Counts.PointsReplayed > 0, "the backlog replayed after the restart");
        Volatile.Write(ref phase, 3);
        await WriterRig.Until(() => done.IsSet, "the scrape thread done");
        await rig.Writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await WriterRig.Until(() => rig.Counts.PointsWritten == appended && rig.Buffer.IsEmpty, "every point accepted");

        output.WriteLine($"{appended} points appended ({appendsWhileKilled} batches while influxd was down), {rig.Counts.PointsSpilled} spilled, {rig.Counts.PointsReplayed} replayed; longest append {longestAppend.TotalMilliseconds:F2} ms; spill threads {string.Join(",", rig.Counts.SpillThreads)}, scrape thread {scrapeThread}");
        Assert.NotEmpty(rig.Counts.SpillThreads);
        Assert.DoesNotContain(scrapeThread, rig.Counts.SpillThreads);
        released.Set();

        // Every point once: the counts of accepted points add up exactly (a point sent twice would be counted twice;
        // InfluxDB itself would hide it by overwriting), and the server holds each value.
        var stored = (await _influx.Client(db).QueryAsync("SELECT v FROM m")).Series.SelectMany(s => s.Values).Select(row => (long)row[1]!).ToArray();
        Assert.Equal(Enumerable.Range(0, appended).Select(i => (long)i), stored);
        Assert.Equal(appended, rig.Counts.PointsWritten);
        Assert.Equal(0, InfluxWriteObserver.Causes.All.Sum(rig.Counts.Dropped));
    }
}
