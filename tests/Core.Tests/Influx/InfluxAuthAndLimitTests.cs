using System.Text;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Writing;
using Supervision.Testing;

namespace Supervision.Core.Tests.Influx;

public sealed class InfluxAuthAndLimitTests(InfluxStrictServerFixture influx) : IClassFixture<InfluxStrictServerFixture>
{
    private static readonly byte[] OnePoint = Encoding.UTF8.GetBytes("m v=1i 1000\n");
    private readonly HttpClient _http = new();

    private InfluxClient Client(string? user, string? password, string? token = null, string database = "supervision") =>
        new(_http, new InfluxOptions { Url = influx.Url.ToString(), Database = database, Gzip = false, Username = user, Password = password, Token = token });

    [Fact]
    public async Task admin_credentials_write_and_read()
    {
        var client = Client(InfluxServerFixture.AdminUser, InfluxServerFixture.AdminPassword, database: await influx.CreateDatabaseAsync("auth"));
        await client.WriteAsync(OnePoint);
        Assert.Equal(1, (await client.QueryAsync("SELECT count(v) FROM m")).Series[0].Double(0, "count"));
    }

    [Fact]
    public async Task no_credentials_are_refused_with_401_and_influxdbs_message()
    {
        var ex = await Assert.ThrowsAsync<InfluxAuthException>(() => Client(null, null).WriteAsync(OnePoint));
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("unable to parse authentication credentials", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task a_wrong_password_is_refused_with_401_and_influxdbs_message()
    {
        var ex = await Assert.ThrowsAsync<InfluxAuthException>(() => Client(InfluxServerFixture.AdminUser, "wrong").QueryAsync("SHOW DATABASES"));
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("authorization failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_user_without_write_privilege_is_refused_with_403_and_influxdbs_message()
    {
        var admin = influx.Client();
        var user = $"reader_{Guid.NewGuid():N}"[..16];
        await admin.ExecuteAsync($"CREATE USER {user} WITH PASSWORD 'pw'");
        await admin.ExecuteAsync($"GRANT READ ON supervision TO {user}");
        var ex = await Assert.ThrowsAsync<InfluxAuthException>(() => Client(user, "pw").WriteAsync(OnePoint));
        Assert.Equal(403, ex.StatusCode);
        Assert.Contains("not authorized to write to database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_token_reaches_the_server_as_the_authorization_header_which_influxdb_1_6_refuses_with_its_message()
    {
        // 1.x has no token scheme (2.x/3.x v1 compatibility do): the server must see a non-basic Authorization header.
        var ex = await Assert.ThrowsAsync<InfluxAuthException>(() =>
            Client(InfluxServerFixture.AdminUser, InfluxServerFixture.AdminPassword, token: "admin:admin-secret").WriteAsync(OnePoint));
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("unable to parse authentication credentials", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_body_over_the_servers_limit_is_a_413_error()
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("m v=1i 1\n", (InfluxStrictServerFixture.MaxBodyBytes / 9) + 10)));
        var ex = await Assert.ThrowsAsync<InfluxRequestTooLargeException>(() => influx.Client().WriteAsync(body));
        Assert.Equal(413, ex.StatusCode);
        Assert.Contains("Request Entity Too Large", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_writer_splits_a_batch_the_server_finds_too_large_and_loses_no_point()
    {
        var db = await influx.CreateDatabaseAsync("split");
        var client = influx.Client(db);
        const int points = 3_000;
        await using var rig = new WriterRig(
            WriterRig.Server(influx.Url, db, user: InfluxServerFixture.AdminUser, password: InfluxServerFixture.AdminPassword),
            new InfluxWriteOptions { BatchBytes = 512 * 1024, BatchPoints = 100_000, FlushInterval = TimeSpan.FromHours(1) },
            new FakeTimeProvider());
        var lines = new LineProtocolBuilder();
        for (var i = 0; i < points; i++)
        {
            lines.BeginPoint("m");
            lines.Tag("pad", "0123456789012345678901234567890123456789");
            lines.Field("v", (long)i);
            lines.EndPoint(i);
        }

        Assert.True(lines.Length > 2 * InfluxStrictServerFixture.MaxBodyBytes);
        rig.Writer.Append(lines);
        await rig.Writer.FlushAsync();

        Assert.Equal(points, (await client.QueryAsync("SELECT count(v) FROM m")).Series[0].Double(0, "count"));
        Assert.Equal(points, rig.Counts.PointsWritten);
        Assert.True(rig.Counts.Writes >= 4, $"{rig.Counts.Writes} writes for {lines.Length} bytes");
        Assert.Equal((0L, 0L), (rig.Counts.PointsSpilled, InfluxWriteObserver.Causes.All.Sum(rig.Counts.Dropped)));
        Assert.All(rig.Counts.Failures, f => Assert.IsType<InfluxRequestTooLargeException>(f));
    }

    [Fact]
    public async Task the_writer_authenticates_and_a_wrong_password_is_dropped_with_influxdbs_message_not_retried()
    {
        var db = await influx.CreateDatabaseAsync("authw");
        await using (var rig = new WriterRig(WriterRig.Server(influx.Url, db, user: InfluxServerFixture.AdminUser, password: InfluxServerFixture.AdminPassword), new InfluxWriteOptions(), new FakeTimeProvider()))
        {
            rig.Writer.AppendLines(OnePoint, 1);
            await rig.Writer.FlushAsync();
            Assert.Equal(1, rig.Counts.PointsWritten);
        }

        await using var wrong = new WriterRig(WriterRig.Server(influx.Url, db, user: InfluxServerFixture.AdminUser, password: "wrong"), new InfluxWriteOptions(), new FakeTimeProvider());
        wrong.Writer.AppendLines(OnePoint, 1);
        await wrong.Writer.FlushAsync();
        var refused = Assert.IsType<InfluxAuthException>(Assert.Single(wrong.Counts.Failures));
        Assert.Contains("authorization failed", refused.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 1L, 0L), (wrong.Counts.PointsWritten, wrong.Counts.Dropped(InfluxWriteObserver.Causes.Rejected), wrong.Counts.PointsSpilled));
        Assert.Equal(1, (await influx.Client(db).QueryAsync("SELECT count(v) FROM m")).Series[0].Double(0, "count"));
    }
}
