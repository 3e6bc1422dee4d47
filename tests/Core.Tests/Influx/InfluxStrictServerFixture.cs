using Supervision.Testing;

namespace Supervision.Core.Tests.Influx;

/// <summary>A real InfluxDB with authentication on and a 64 KiB request body limit.</summary>
public sealed class InfluxStrictServerFixture() : InfluxServerFixture(authEnabled: true, maxBodyBytes: MaxBodyBytes)
{
    /// <summary>The server's body limit.</summary>
    public const int MaxBodyBytes = 64 * 1024;
}
