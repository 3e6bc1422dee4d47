using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Supervision.Testing;

/// <summary>
/// A real Redis (Debian's redis-server) for a test class on a free 127.0.0.1 port, nothing written to disk,
/// killed at the end. <see cref="StopServerAsync"/> and <see cref="StartServerAsync"/> make an outage on the same port.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private const string RedisServer = "/usr/bin/redis-server";
    private ServiceProcess? _process;

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(RedisServer))
        {
            throw new InvalidOperationException($"{RedisServer} is missing: run scripts/deps.sh test (apt-get install redis-server)");
        }

        Port = FreePort.Next();
        await StartServerAsync();
    }

    /// <summary>Kills the server (SIGKILL, as a crash).</summary>
    public async Task StopServerAsync()
    {
        // Disposing kills (SIGKILL).
        if (_process is { } server)
        {
            _process = null;
            await server.DisposeAsync();
        }
    }

    /// <summary>Starts the server on the same port and waits for PONG.</summary>
    public async Task StartServerAsync()
    {
        _process = ServiceProcess.Start("redis-server", RedisServer,
            ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--daemonize", "no"]);
        var clock = Stopwatch.StartNew();
        while (!await PingAsync())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30) || !_process.IsRunning)
            {
                throw new InvalidOperationException($"redis-server did not answer on {Port}:\n{_process.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => StopServerAsync();

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var n = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
