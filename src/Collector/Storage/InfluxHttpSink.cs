using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;
using Supervision.Core.Influx;

namespace Supervision.Collector.Storage;

/// <summary>Writes bodies through the Core InfluxDB client (ms precision), translating its errors for the pipeline.</summary>
public sealed class InfluxHttpSink(IHttpClientFactory httpClients, IOptions<CollectorOptions> options) : IInfluxSink
{
    /// <summary>Name of the HttpClient used for writes.</summary>
    public const string HttpClientName = "influx-write";

    private readonly InfluxOptions _options = options.Value.Influx;

    /// <inheritdoc />
    public async Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var client = new InfluxClient(httpClients.CreateClient(HttpClientName), _options);
        try
        {
            await client.WriteAsync(body, InfluxPrecision.Milliseconds, cancellationToken);
        }
        catch (InfluxException ex)
        {
            throw new InfluxWriteException(ex.Message, ex.IsTransient, ex.StatusCode, ex);
        }
    }
}
