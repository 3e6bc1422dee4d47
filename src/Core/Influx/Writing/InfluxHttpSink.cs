using System.Collections.Concurrent;

namespace Supervision.Core.Influx.Writing;

/// <summary>
/// Writes bodies to one InfluxDB server through the Core InfluxDB client (ms precision), whose InfluxException says
/// whether a retry may succeed. With replicas there is one sink per server, each with that server's URL and the
/// shared database, credentials, timeout and gzip setting. Register the named client <see cref="HttpClientName"/>
/// with the write timeout (or leave it unregistered for the factory's default client).
/// </summary>
public sealed class InfluxHttpSink : IInfluxSink
{
    /// <summary>Name of the HttpClient used for writes.</summary>
    public const string HttpClientName = "influx-write";

    private readonly IHttpClientFactory _httpClients;
    private readonly InfluxOptions _options;

    // One gzip buffer per write in flight, kept between writes: a megabyte batch gzips to a few hundred kilobytes, a
    // large-object allocation per write otherwise. At most as many as writes ever ran at once (senders + replayer).
    private readonly ConcurrentQueue<MemoryStream> _gzipBuffers = new();

    /// <summary>A sink for <paramref name="server"/> (one of <paramref name="influx"/>'s <see cref="InfluxOptions.Servers"/>).</summary>
    public InfluxHttpSink(IHttpClientFactory httpClients, InfluxOptions influx, string server)
    {
        ArgumentNullException.ThrowIfNull(influx);
        _httpClients = httpClients;

        // Gzip left unset is decided per server (a replica on another machine is gzipped, one on loopback is not).
        _options = InfluxReader.ForServer(influx, server);
    }

    /// <inheritdoc />
    public async Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var client = new InfluxClient(_httpClients.CreateClient(HttpClientName), _options);
        if (!_options.GzipInEffect)
        {
            await client.WriteAsync(body, InfluxPrecision.Milliseconds, cancellationToken);
            return;
        }

        var buffer = _gzipBuffers.TryDequeue(out var kept) ? kept : new MemoryStream();
        try
        {
            GzipBody.Compress(body.Span, buffer);
            await client.WriteGzippedAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), InfluxPrecision.Milliseconds, cancellationToken);
        }
        finally
        {
            _gzipBuffers.Enqueue(buffer);
        }
    }
}
