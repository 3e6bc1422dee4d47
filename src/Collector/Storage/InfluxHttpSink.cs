using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;
using Supervision.Core.Influx;

namespace Supervision.Collector.Storage;

/// <summary>Writes bodies through the Core InfluxDB client (ms precision), whose InfluxException says whether a retry may succeed.</summary>
public sealed class InfluxHttpSink(IHttpClientFactory httpClients, IOptions<CollectorOptions> options) : IInfluxSink
{
    /// <summary>Name of the HttpClient used for writes.</summary>
    public const string HttpClientName = "influx-write";

    private readonly InfluxOptions _options = options.Value.Influx;

    /// <inheritdoc />
    public Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        new InfluxClient(httpClients.CreateClient(HttpClientName), _options).WriteAsync(body, InfluxPrecision.Milliseconds, cancellationToken);
}
