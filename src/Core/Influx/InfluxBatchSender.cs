using System.IO.Compression;

namespace Supervision.Core.Influx;

/// <summary>
/// One sender's way of putting a batch on the wire: gzip into a buffer it keeps between batches (so a warm
/// sender allocates no body buffers), then one <c>/write</c>. Not thread-safe: one per sender loop.
/// </summary>
internal sealed class InfluxBatchSender(InfluxClient client, InfluxPrecision precision) : IDisposable
{
    private readonly MemoryStream _compressed = new();

    /// <summary>Writes <paramref name="body"/>, compressed when the client's options ask for gzip.</summary>
    public Task SendAsync(ReadOnlyMemory<byte> body)
    {
        if (!client.Options.GzipInEffect)
        {
            return client.WriteAsync(body, precision);
        }

        GzipBody.Compress(body.Span, _compressed);
        return client.WriteGzippedAsync(_compressed.GetBuffer().AsMemory(0, (int)_compressed.Length), precision);
    }

    /// <inheritdoc />
    public void Dispose() => _compressed.Dispose();

    /// <summary>Cuts a body of two or more points at the line boundary nearest its middle.</summary>
    public static (ReadOnlyMemory<byte> First, int FirstPoints, ReadOnlyMemory<byte> Second) Split(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var middle = span.Length / 2;
        var cut = span[..middle].LastIndexOf((byte)'\n');
        if (cut < 0)
        {
            cut = middle + span[middle..^1].IndexOf((byte)'\n');
        }

        var first = body[..(cut + 1)];
        return (first, first.Span.Count((byte)'\n'), body[(cut + 1)..]);
    }
}

/// <summary>Gzip of write bodies, shared by the client and the batch senders.</summary>
internal static class GzipBody
{
    /// <summary>Replaces the content of <paramref name="output"/> with <paramref name="body"/> gzipped (fastest level: CPU is scarcer than loopback bandwidth).</summary>
    public static void Compress(ReadOnlySpan<byte> body, MemoryStream output)
    {
        output.SetLength(0);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(body);
    }
}
