using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Core.Tests.Influx;

/// <summary>The reader's tests run alone: see <see cref="InfluxReaderTests"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InfluxReaderCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "influx-reader";
}

// Two real influxd, stopped (SIGKILL) and paused (SIGSTOP) by the tests: the reader's failover against real failures.
// Run alone: beside the writer's outage and strict-server tests the paused server was still seen answering (0.2-0.4 s
// after SIGSTOP; cause not found), while alone it never did in any run.
[Collection(InfluxReaderCollection.Name)]
public sealed class InfluxReaderTests(InfluxPairFixture pair) : IClassFixture<InfluxPairFixture>
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task reads_move_to_the_second_server_when_the_first_is_killed_and_back_once_it_answers_again()
    {
        var db = await pair.CreateDatabaseAsync("fo");
        await pair.WriteBothAsync(db, "m,unit=01 v=1 1700000000000\nm,unit=02 v=2 1700000000000");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var reader = new InfluxReader(() => Http, pair.Options(db), time);

        Assert.Equal(2, (await reader.QueryAsync("SELECT v FROM m")).Series.Single().Values.Count);
        Assert.Equal(0, reader.ReadingFrom);
        Assert.False(reader.Degraded);

        await pair.First.StopServerAsync();
        try
        {
            // The same read, answered by the second server; the first is down and reads stay on the second.
            Assert.Equal(2, (await reader.QueryAsync("SELECT v FROM m")).Series.Single().Values.Count);
            Assert.Equal(1, reader.ReadingFrom);
            Assert.True(reader.Degraded);
            var first = reader.States()[0];
            Assert.False(first.Healthy);
            Assert.Contains("unreachable", first.LastError, StringComparison.Ordinal);
            Assert.Equal(1, reader.Switches);
        }
        finally
        {
            await pair.First.StartServerAsync();
        }

        // Back up, but no probe is due yet (the clock has not moved): reads stay where they are.
        await reader.QueryAsync("SELECT v FROM m");
        Assert.Equal(1, reader.ReadingFrom);

        time.Advance(InfluxReader.FirstProbeAfter);
        await WaitUntilAsync(() => reader.States()[0].Healthy);
        Assert.Equal(2, (await reader.QueryAsync("SELECT v FROM m")).Series.Single().Values.Count);
        Assert.Equal(0, reader.ReadingFrom);
        Assert.False(reader.Degraded);
        Assert.Equal(2, reader.Switches);
    }

    [Fact]
    public async Task a_server_that_hangs_is_left_after_one_query_timeout()
    {
        var db = await pair.CreateDatabaseAsync("hang");
        await pair.WriteBothAsync(db, "m v=7 1700000000000");
        var reader = new InfluxReader(() => Http, pair.Options(db, timeout: TimeSpan.FromSeconds(2)));

        Signal("STOP", pair.First.ProcessId!.Value);
        try
        {
            var series = (await reader.QueryAsync("SELECT v FROM m")).Series.Single();
            Assert.Equal(7, series.Double(0, "v"));
            Assert.Equal(1, reader.ReadingFrom);
            Assert.Contains("did not answer within 2 s", reader.States()[0].LastError, StringComparison.Ordinal);
        }
        finally
        {
            Signal("CONT", pair.First.ProcessId!.Value);
        }
    }

    [Fact]
    public async Task a_malformed_query_is_thrown_by_the_first_server_and_switches_nothing()
    {
        var db = await pair.CreateDatabaseAsync("bad");
        var reader = new InfluxReader(() => Http, pair.Options(db));
        var asked = await pair.First.QueryRequestsAsync();
        var askedSecond = await pair.Second.QueryRequestsAsync();

        var ex = await Assert.ThrowsAsync<InfluxBadRequestException>(() => reader.QueryAsync("SELEKT nonsense"));

        Assert.Contains("error parsing query", ex.Message, StringComparison.Ordinal);
        Assert.Equal(asked + 1, await pair.First.QueryRequestsAsync());
        Assert.Equal(askedSecond, await pair.Second.QueryRequestsAsync());
        Assert.Equal(0, reader.ReadingFrom);
        Assert.False(reader.Degraded);
        Assert.All(reader.States(), s => Assert.True(s.Healthy));
    }

    [Fact]
    public async Task when_every_server_fails_the_error_names_each()
    {
        var options = new InfluxOptions { Url = $"http://127.0.0.1:{FreePort.Next()}", Replicas = [$"http://127.0.0.1:{FreePort.Next()}"] };
        var reader = new InfluxReader(() => Http, options);

        var ex = await Assert.ThrowsAsync<InfluxException>(() => reader.QueryAsync("SHOW DATABASES"));

        Assert.True(ex.IsTransient);
        Assert.Contains(options.Url, ex.Message, StringComparison.Ordinal);
        Assert.Contains(options.Replicas[0], ex.Message, StringComparison.Ordinal);
        Assert.All(reader.States(), s => Assert.False(s.Healthy));
    }

    [Fact]
    public void each_server_gets_every_setting_but_the_list_of_servers()
    {
        var options = new InfluxOptions
        {
            Url = "http://a:8086",
            Replicas = ["http://b:8086"],
            Database = "d",
            RetentionPolicy = "rp",
            Username = "u",
            Password = "p",
            Token = "t",
            Gzip = true,
            Timeout = TimeSpan.FromSeconds(3),
        };

        var b = InfluxReader.ForServer(options, "http://b:8086");

        // A setting added to InfluxOptions later must be carried too (or named here as not per server).
        foreach (var property in typeof(InfluxOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            switch (property.Name)
            {
                case nameof(InfluxOptions.Url):
                    Assert.Equal("http://b:8086", b.Url);
                    break;
                case nameof(InfluxOptions.Replicas):
                    Assert.Empty(b.Replicas);
                    break;
                default:
                    Assert.Equal(property.GetValue(options), property.GetValue(b));
                    break;
            }
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    // Bounded: the probe is one ping within the query timeout.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
