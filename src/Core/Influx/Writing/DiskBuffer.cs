using System.Buffers.Binary;

namespace Supervision.Core.Influx.Writing;

/// <summary>One batch read back from the disk buffer.</summary>
/// <param name="Body">The line-protocol body as it was spilled.</param>
/// <param name="Points">Points in the body.</param>
/// <param name="SpilledAt">When it was spilled.</param>
public sealed record BufferedBatch(byte[] Body, int Points, DateTimeOffset SpilledAt);

/// <summary>
/// One server's spill-over for batches InfluxDB did not take (<see cref="InfluxWriter"/>): append-only segment files of framed
/// records (<c>length, CRC-32, points, spilled-at, body</c>), read back oldest first.
/// </summary>
/// <remarks>
/// Durability: every append is flushed and fsynced before <see cref="Append"/> returns, so a process
/// crash (even <c>kill -9</c>) or a power cut loses nothing that was acknowledged; spills only happen while
/// InfluxDB is failing, when an fsync per batch is cheap. On open, a torn or corrupt tail (a crash
/// mid-write) is found by its CRC and cut off with a warning, never taking the records before it along.
/// Replay is at-least-once: the read cursor is saved after each committed record, and a record replayed
/// twice after a crash rewrites the same points (same series and timestamp), which InfluxDB deduplicates.
/// Limits: records older than <see cref="MaxAge"/> and the oldest segments beyond <see cref="MaxBytes"/>
/// are dropped, counted in <see cref="DroppedPoints"/> and logged as errors.
/// </remarks>
public sealed partial class DiskBuffer : IDisposable
{
    private const int HeaderSize = 20;
    private const string SegmentPrefix = "seg-";
    private const string SegmentSuffix = ".log";
    private const string CursorFile = "cursor";

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly SortedList<long, long> _segments = []; // sequence → size in bytes
    private FileStream? _writer;
    private long _writeSequence;
    private long _readSequence;
    private long _readOffset;

    /// <summary>Opens (or creates) the buffer in <paramref name="directory"/>, recovering from a torn tail.</summary>
    public DiskBuffer(string directory, long maxBytes, TimeSpan maxAge, TimeProvider time, ILogger<DiskBuffer> logger, long segmentBytes = 16 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = directory;
        MaxBytes = maxBytes;
        MaxAge = maxAge;
        _segmentBytes = segmentBytes;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(directory);
        Recover();
    }

    /// <summary>The folder of its segment files (one per InfluxDB server: it names the server in logs and health).</summary>
    public string Folder => _directory;

    /// <summary>Cap on the bytes on disk.</summary>
    public long MaxBytes { get; }

    /// <summary>Records older than this are dropped.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>Points dropped because a limit was exceeded, since start.</summary>
    public long DroppedPoints { get; private set; }

    /// <summary>Bytes on disk now (including what was already replayed in the oldest segment).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _segments.Values.Sum();
            }
        }
    }

    /// <summary>True when nothing is waiting for replay.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count == 0 || (_segments.Count == 1 && _readSequence == _segments.Keys[0] && _readOffset >= _segments.Values[0]);
            }
        }
    }

    /// <summary>Appends a batch durably.</summary>
    public void Append(ReadOnlySpan<byte> body, int points)
    {
        lock (_gate)
        {
            if (_writer is null || _writer.Length >= _segmentBytes)
            {
                OpenNextSegment();
            }

            Span<byte> header = stackalloc byte[HeaderSize];
            BinaryPrimitives.WriteInt32LittleEndian(header, body.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.Compute(body));
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], points);
            BinaryPrimitives.WriteInt64LittleEndian(header[12..], _time.GetUtcNow().ToUnixTimeMilliseconds());
            _writer!.Write(header);
            _writer.Write(body);
            _writer.Flush(flushToDisk: true);
            _segments[_writeSequence] = _writer.Length;
            EnforceLimits();
        }
    }

    /// <summary>The oldest batch not yet committed, or null; expired records on the way are dropped.</summary>
    public BufferedBatch? Peek()
    {
        lock (_gate)
        {
            while (_segments.Count > 0)
            {
                var sequence = _segments.Keys[0];
                if (_readSequence != sequence)
                {
                    _readSequence = sequence;
                    _readOffset = 0;
                }

                var record = ReadRecord(sequence, _readOffset, out _);
                if (record is null)
                {
                    if (sequence == _writeSequence && _writer is not null)
                    {
                        return null; // caught up with the writer
                    }

                    DeleteSegment(sequence);
                    continue;
                }

                if (_time.GetUtcNow() - record.SpilledAt > MaxAge)
                {
                    DroppedPoints += record.Points;
                    LogExpired(_logger, _directory, record.Points, record.SpilledAt);
                    _readOffset += HeaderSize + record.Body.Length;
                    SaveCursor();
                    continue;
                }

                return record;
            }

            return null;
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> consecutive batches from the oldest (within its segment), for sending
    /// at once; commit them in the order given. Empty when nothing waits.
    /// </summary>
    public IReadOnlyList<BufferedBatch> PeekMany(int max)
    {
        lock (_gate)
        {
            if (Peek() is not { } first)
            {
                return [];
            }

            var batches = new List<BufferedBatch>(max) { first };
            var offset = _readOffset + HeaderSize + first.Body.Length;
            while (batches.Count < max && ReadRecord(_readSequence, offset, out _) is { } next)
            {
                batches.Add(next);
                offset += HeaderSize + next.Body.Length;
            }

            return batches;
        }
    }

    /// <summary>Marks the oldest batch (the one <see cref="Peek"/> returned, or the next of <see cref="PeekMany"/>) as written to InfluxDB.</summary>
    public void Commit(BufferedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            _readOffset += HeaderSize + batch.Body.Length;
            if (_readSequence != _writeSequence && _readOffset >= _segments.GetValueOrDefault(_readSequence))
            {
                DeleteSegment(_readSequence);
            }

            SaveCursor();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private void Recover()
    {
        foreach (var path in Directory.EnumerateFiles(_directory, SegmentPrefix + "*" + SegmentSuffix))
        {
            var name = Path.GetFileName(path);
            if (long.TryParse(name.AsSpan(SegmentPrefix.Length, name.Length - SegmentPrefix.Length - SegmentSuffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                _segments[sequence] = new FileInfo(path).Length;
            }
        }

        LoadCursor();
        if (_segments.Count == 0)
        {
            return;
        }

        // Only the newest segment can hold a torn record: older ones were closed whole.
        var last = _segments.Keys[^1];
        long offset = 0;
        while (ReadRecord(last, offset, out _) is { } record)
        {
            offset += HeaderSize + record.Body.Length;
        }

        if (offset < _segments[last])
        {
            LogTornTail(_logger, SegmentPath(last), offset, _segments[last] - offset);
            using (var file = new FileStream(SegmentPath(last), FileMode.Open, FileAccess.Write))
            {
                file.SetLength(offset);
                file.Flush(flushToDisk: true);
            }

            _segments[last] = offset;
        }

        _writeSequence = last;
    }

    private BufferedBatch? ReadRecord(long sequence, long offset, out bool corrupt)
    {
        corrupt = false;
        var path = SegmentPath(sequence);
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (offset + HeaderSize > file.Length)
        {
            corrupt = offset < file.Length;
            return null;
        }

        file.Position = offset;
        Span<byte> header = stackalloc byte[HeaderSize];
        file.ReadExactly(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var points = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var spilledAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(header[12..]));
        if (length < 0 || offset + HeaderSize + length > file.Length)
        {
            corrupt = true;
            return null;
        }

        var body = new byte[length];
        file.ReadExactly(body);
        if (Crc32.Compute(body) != crc)
        {
            corrupt = true;
            return null;
        }

        return new BufferedBatch(body, points, spilledAt);
    }

    private void OpenNextSegment()
    {
        _writer?.Dispose();
        _writeSequence = _segments.Count == 0 ? Math.Max(_writeSequence, _readSequence) + 1 : _segments.Keys[^1] + 1;
        _writer = new FileStream(SegmentPath(_writeSequence), FileMode.Append, FileAccess.Write, FileShare.Read);
        _segments[_writeSequence] = _writer.Length;
    }

    private void EnforceLimits()
    {
        while (_segments.Count > 1 && _segments.Values.Sum() > MaxBytes)
        {
            var oldest = _segments.Keys[0];
            var startAt = oldest == _readSequence ? _readOffset : 0;
            var lost = CountPoints(oldest, startAt);
            DroppedPoints += lost;
            LogOverflow(_logger, _directory, lost, MaxBytes);
            DeleteSegment(oldest);
        }
    }

    private long CountPoints(long sequence, long offset)
    {
        long points = 0;
        while (ReadRecord(sequence, offset, out _) is { } record)
        {
            points += record.Points;
            offset += HeaderSize + record.Body.Length;
        }

        return points;
    }

    private void DeleteSegment(long sequence)
    {
        if (sequence == _writeSequence && _writer is not null)
        {
            _writer.Dispose();
            _writer = null;
        }

        File.Delete(SegmentPath(sequence));
        _segments.Remove(sequence);
        if (_readSequence == sequence)
        {
            _readSequence = _segments.Count > 0 ? _segments.Keys[0] : sequence + 1;
            _readOffset = 0;
        }

        SaveCursor();
    }

    private void LoadCursor()
    {
        var path = Path.Combine(_directory, CursorFile);
        if (!File.Exists(path))
        {
            _readSequence = _segments.Count > 0 ? _segments.Keys[0] : 0;
            return;
        }

        var parts = File.ReadAllText(path).Split(' ');
        if (parts.Length == 2 &&
            long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) &&
            long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) &&
            _segments.ContainsKey(sequence))
        {
            _readSequence = sequence;
            _readOffset = offset;
        }
        else
        {
            _readSequence = _segments.Count > 0 ? _segments.Keys[0] : 0;
            _readOffset = 0;
        }
    }

    private void SaveCursor()
    {
        // Written via a temporary file and a rename so a crash never leaves a half-written cursor.
        var path = Path.Combine(_directory, CursorFile);
        File.WriteAllText(path + ".tmp", string.Create(CultureInfo.InvariantCulture, $"{_readSequence} {_readOffset}"));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private string SegmentPath(long sequence) =>
        Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix}{sequence:D12}{SegmentSuffix}"));

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Disk buffer {Path}: torn or corrupt tail at byte {Offset} ({Bytes} bytes) cut off after a crash")]
    private static partial void LogTornTail(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Disk buffer {Folder} over its {MaxBytes}-byte limit: dropped {Points} of the oldest points")]
    private static partial void LogOverflow(ILogger logger, string folder, long points, long maxBytes);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Disk buffer {Folder}: dropped {Points} points spilled at {SpilledAt}, older than the age limit")]
    private static partial void LogExpired(ILogger logger, string folder, int points, DateTimeOffset spilledAt);
}
