using System.IO.Compression;

namespace Supervision.Core.Influx;

/// <summary>Gzip of write bodies (<see cref="InfluxClient.WriteAsync"/>).</summary>
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
