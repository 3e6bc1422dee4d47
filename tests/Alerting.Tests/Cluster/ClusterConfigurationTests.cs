using Npgsql;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Cluster;

/// <summary>A node with a PostgreSQL store it cannot use stops at start-up with exit code 2 and the setting named.</summary>
public sealed class ClusterConfigurationTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private const string Setting = "Alerting:Postgres:ConnectionString";

    [Theory]
    [InlineData("unreachable", "cannot reach PostgreSQL")]
    [InlineData("wrong-password", "wrong credentials")]
    [InlineData("no-schema-rights", "may not create the schema")]
    [InlineData("missing", "is required when Alerting:Storage is Postgres")]
    public async Task a_node_that_cannot_use_its_database_stops_with_exit_code_2_naming_the_setting(string fault, string says)
    {
        var good = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("config"));
        var connectionString = fault switch
        {
            "unreachable" => new NpgsqlConnectionStringBuilder(good.ConnectionString) { Port = FreePort.Next(), Timeout = 2 }.ConnectionString,
            "wrong-password" => new NpgsqlConnectionStringBuilder(good.ConnectionString) { Password = "not-the-password" }.ConnectionString,
            "no-schema-rights" => await LimitedUserAsync(good),
            _ => string.Empty,
        };
        await using var receiverless = new AlertingCluster(connectionString, new Uri("http://127.0.0.1:1/"), "none", new Uri("http://127.0.0.1:1/hook"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        await using var node = ServiceProcess.StartDotnet("node", ServiceProcess.BuiltAssembly("src/Alerting", "Supervision.Alerting"),
            receiverless.Arguments("bad", url, $"--Alerting:Postgres:ConnectionString={connectionString}"));

        var exit = await node.RunToEndAsync(string.Empty, TimeSpan.FromSeconds(60));

        Assert.True(exit == 2, $"exit {exit}:\n{node.Output}");
        Assert.Contains(Setting, node.Output, StringComparison.Ordinal);
        Assert.Contains(says, node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("supervision-test", node.Output, StringComparison.Ordinal);
    }

    // A login that may connect but not create tables (PostgreSQL 15 no longer lets everyone create in "public").
    private async Task<string> LimitedUserAsync(NpgsqlConnectionStringBuilder good)
    {
        var user = "limited_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(good.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {user} LOGIN PASSWORD 'limited-pw'; GRANT CONNECT ON DATABASE \"{good.Database}\" TO {user};", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(good.ConnectionString) { Username = user, Password = "limited-pw" }.ConnectionString;
    }
}
