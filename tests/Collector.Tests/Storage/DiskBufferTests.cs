using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Influx.Writing;

namespace Supervision.Collector.Tests.Storage;

public sealed class DiskBufferTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supervision-buffer-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    private DiskBuffer Open(long maxBytes = 1 << 30, long segmentBytes = 1 << 20, TimeSpan? maxAge = null) =>
        new(_dir, maxBytes, maxAge ?? TimeSpan.FromHours(24), _time, NullLogger<DiskBuffer>.Instance, segmentBytes);

    private static byte[] Body(int i) => Encoding.UTF8.GetBytes($"scrape,unit=26737 up={i}i {i}\n");

    private static List<string> Drain(DiskBuffer buffer)
    {
        var bodies = new List<string>();
        while (buffer.Peek() is { } batch)
        {
            bodies.Add(Encoding.UTF8.GetString(batch.Body));
            buffer.Commit(batch);
        }

        return bodies;
    }

    [Fact]
    public void batches_come_back_in_the_order_they_were_spilled_across_segments()
    {
        using var buffer = Open(segmentBytes: 100);
        for (var i = 0; i < 20; i++)
        {
            buffer.Append(Body(i), 1);
        }

        Assert.True(Directory.GetFiles(_dir, "seg-*").Length > 3);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => Encoding.UTF8.GetString(Body(i))), Drain(buffer));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void what_was_appended_survives_a_crash_without_dispose_and_a_torn_tail_is_cut_off()
    {
        var buffer = Open(segmentBytes: 100);
        for (var i = 0; i < 5; i++)
        {
            buffer.Append(Body(i), 1);
        }

        var first = buffer.Peek()!;
        buffer.Commit(first);

        // A crash mid-append: half a record at the end of the newest segment.
        var newest = Directory.GetFiles(_dir, "seg-*").Max()!;
        using (var file = new FileStream(newest, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Write([42, 0, 0, 0, 1, 2, 3]);
        }

        using var reopened = Open(segmentBytes: 100);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => Encoding.UTF8.GetString(Body(i))), Drain(reopened));
        reopened.Append(Body(9), 1);
        Assert.Equal([Encoding.UTF8.GetString(Body(9))], Drain(reopened));
        buffer.Dispose();
    }

    [Fact]
    public void a_corrupt_record_is_detected_by_its_crc()
    {
        using (var buffer = Open())
        {
            buffer.Append(Body(1), 1);
            buffer.Append(Body(2), 1);
        }

        var segment = Directory.GetFiles(_dir, "seg-*").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[^3] ^= 0xFF; // flip a byte in the last record's body
        File.WriteAllBytes(segment, bytes);

        using var reopened = Open();
        Assert.Equal([Encoding.UTF8.GetString(Body(1))], Drain(reopened));
    }

    [Fact]
    public void over_the_byte_limit_the_oldest_segments_go_and_are_counted()
    {
        using var buffer = Open(maxBytes: 300, segmentBytes: 100);
        for (var i = 0; i < 30; i++)
        {
            buffer.Append(Body(i), 2);
        }

        Assert.True(buffer.Bytes <= 400);
        Assert.True(buffer.DroppedPoints > 0);
        var left = Drain(buffer);
        Assert.Equal(Encoding.UTF8.GetString(Body(29)), left[^1]);
        Assert.Equal(60, buffer.DroppedPoints + (left.Count * 2));
    }

    [Fact]
    public void records_older_than_the_age_limit_are_dropped_on_replay()
    {
        using var buffer = Open(maxAge: TimeSpan.FromHours(1));
        buffer.Append(Body(1), 3);
        _time.Advance(TimeSpan.FromMinutes(90));
        buffer.Append(Body(2), 1);
        Assert.Equal([Encoding.UTF8.GetString(Body(2))], Drain(buffer));
        Assert.Equal(3, buffer.DroppedPoints);
    }

    [Fact]
    public void peek_many_hands_out_consecutive_batches_in_order_and_commits_advance_over_them()
    {
        using var buffer = Open();
        for (var i = 0; i < 5; i++)
        {
            buffer.Append(Body(i), 1);
        }

        var first = buffer.PeekMany(3);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => Encoding.UTF8.GetString(Body(i))), first.Select(b => Encoding.UTF8.GetString(b.Body)));
        Assert.Equal(first.Select(b => b.Body), buffer.PeekMany(3).Select(b => b.Body)); // nothing moves before a commit
        foreach (var batch in first)
        {
            buffer.Commit(batch);
        }

        Assert.Equal([Encoding.UTF8.GetString(Body(3)), Encoding.UTF8.GetString(Body(4))], buffer.PeekMany(10).Select(b => Encoding.UTF8.GetString(b.Body)));
        Assert.Equal([Encoding.UTF8.GetString(Body(3)), Encoding.UTF8.GetString(Body(4))], Drain(buffer));
        Assert.Empty(buffer.PeekMany(4));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
