using Supervision.Core.Influx;
using Xunit;

namespace Supervision.Testing;

/// <summary>
/// Two real InfluxDB servers written alike (the relay pattern, docs/ha.md), each started by its own
/// <see cref="InfluxServerFixture"/> (always local: the tests stop and start them). The test writes the same data to
/// both itself (<see cref="WriteBothAsync"/>), so the readers' failover is tested apart from the collector's writes.
/// </summary>
public sealed class InfluxPairFixture : IAsyncLifetime
{
    /// <summary>The first server (<see cref="InfluxOptions.Url"/>).</summary>
    public InfluxServerFixture First { get; } = new() { Local = true };

    /// <summary>The second server (the one replica).</summary>
    public InfluxServerFixture Second { get; } = new() { Local = true };

    /// <summary>Settings naming both: the first as <see cref="InfluxOptions.Url"/>, the second as the replica.</summary>
    public InfluxOptions Options(string database = "supervision", TimeSpan? timeout = null) => new()
    {
        Url = First.Url.ToString(),
        Replicas = [Second.Url.ToString()],
        Database = database,
        Gzip = false,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    /// <summary>Creates the same fresh database on both servers and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "pair")
    {
        var name = await First.CreateDatabaseAsync(prefix);
        await Second.Client(name).ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>Writes the same line-protocol body (millisecond timestamps) to both servers.</summary>
    public async Task WriteBothAsync(string database, string lines)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(lines);
        await First.Client(database).WriteAsync(body);
        await Second.Client(database).WriteAsync(body);
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        await Second.InitializeAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
