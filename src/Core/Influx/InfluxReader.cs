using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Core.Influx;

/// <summary>One server of an <see cref="InfluxReader"/> as last seen.</summary>
/// <param name="Index">Its place in <see cref="InfluxOptions.Servers"/> (0 = <see cref="InfluxOptions.Url"/>).</param>
/// <param name="Url">Its base URL.</param>
/// <param name="Healthy">False from a failed request (unreachable, timeout, 5xx) until it answers a ping again.</param>
/// <param name="DownSince">When it was first found failing, or null while healthy.</param>
/// <param name="LastError">The failure that marked it down, or null while healthy.</param>
public sealed record InfluxServerState(int Index, string Url, bool Healthy, DateTimeOffset? DownSince, string? LastError);

/// <summary>
/// The readers' side of several InfluxDB servers written alike (<see cref="InfluxOptions.Replicas"/>, docs/ha.md):
/// every query goes to the first healthy server of <see cref="InfluxOptions.Servers"/>. A server that cannot be reached,
/// does not answer within <see cref="InfluxOptions.Timeout"/>, or answers 5xx (any <see cref="InfluxException.IsTransient"/>
/// failure) is marked down and the same query is sent to the next, so a read fails over within one query timeout. A bad
/// question (4xx: malformed InfluxQL, authentication) is the same on every server and is thrown at once, switching nothing.
/// A server marked down is pinged (<c>/ping</c>, one probe at a time, after a back-off of <see cref="FirstProbeAfter"/>
/// doubling to <see cref="MaxProbeInterval"/>); once it answers, reads return to it. Probes start from reads and from
/// <see cref="States"/> (health checks, metrics), never from a timer of their own, so an idle reader costs nothing.
/// </summary>
/// <remarks>
/// With one server (no replicas) this is the plain client: failures are thrown, nothing is probed. Thread-safe; one per
/// service. Also the place to ask for a given server's client (<see cref="ClientFor"/>) for what must be done on each
/// (subscriptions).
/// </remarks>
public sealed partial class InfluxReader
{
    /// <summary>Back-off before the first ping of a server found failing.</summary>
    public static readonly TimeSpan FirstProbeAfter = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off between pings of a server that stays down.</summary>
    public static readonly TimeSpan MaxProbeInterval = TimeSpan.FromSeconds(10);

    private readonly Func<HttpClient> _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InfluxOptions[] _servers;
    private readonly Server[] _state;
    private readonly Lock _gate = new();
    private int _readingFrom;
    private long _switches;

    /// <summary>Creates the reader over <paramref name="options"/>' servers.</summary>
    /// <param name="http">A client for each request (e.g. <c>() =&gt; factory.CreateClient(name)</c>); with no timeout of its own.</param>
    /// <param name="options">The servers, database, credentials and query timeout.</param>
    /// <param name="time">Clock of the back-off.</param>
    /// <param name="logger">Where switches are logged (one line per switch, none per request).</param>
    public InfluxReader(Func<HttpClient> http, InfluxOptions options, TimeProvider? time = null, ILogger<InfluxReader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Options = options;
        _servers = [.. options.Servers.Select(url => ForServer(options, url))];
        _state = [.. _servers.Select(_ => new Server())];
    }

    /// <summary>The options in use (<see cref="InfluxOptions.Url"/> is the first server).</summary>
    public InfluxOptions Options { get; }

    /// <summary>Base URLs of the servers in order of preference.</summary>
    public IReadOnlyList<string> Servers => [.. _servers.Select(s => s.Url)];

    /// <summary>The index in <see cref="Servers"/> of the server the last read was answered by (0 until one fails).</summary>
    public int ReadingFrom => Volatile.Read(ref _readingFrom);

    /// <summary>True while reads are answered by another server than the first, or the first is down.</summary>
    public bool Degraded
    {
        get
        {
            lock (_gate)
            {
                return _readingFrom > 0 || !_state[0].Healthy;
            }
        }
    }

    /// <summary>How many times reads moved from one server to another (both ways).</summary>
    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>A client of server <paramref name="index"/> alone, for what must be done on each (subscriptions, setup).</summary>
    public InfluxClient ClientFor(int index) => new(_http(), _servers[index]);

    /// <summary>Every server as last seen; pings those due for a probe (in the background: this does not wait).</summary>
    public IReadOnlyList<InfluxServerState> States()
    {
        StartDueProbes();
        lock (_gate)
        {
            return [.. _state.Select((s, i) => new InfluxServerState(i, _servers[i].Url, s.Healthy, s.DownSince, s.LastError))];
        }
    }

    /// <summary>Runs a read-only InfluxQL statement on the first healthy server, failing over to the next (see the class).</summary>
    /// <exception cref="InfluxException">A bad question (thrown by the first server asked), or every server failed.</exception>
    public Task<InfluxQueryResult> QueryAsync(string influxQl, CancellationToken cancellationToken = default) =>
        RunAsync((client, ct) => client.QueryAsync(influxQl, ct), cancellationToken);

    /// <summary>Pings the first healthy server that answers; returns its version header.</summary>
    public Task<string?> PingAsync(CancellationToken cancellationToken = default) =>
        RunAsync((client, ct) => client.PingAsync(ct), cancellationToken);

    private async Task<T> RunAsync<T>(Func<InfluxClient, CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        StartDueProbes();
        List<InfluxException>? failures = null;
        foreach (var index in Order())
        {
            try
            {
                var result = await request(new InfluxClient(_http(), _servers[index]), cancellationToken);
                Answered(index);
                return result;
            }
            catch (InfluxException ex) when (ex.IsTransient && _servers.Length > 1)
            {
                Failed(index, ex);
                (failures ??= []).Add(ex);
            }
        }

        throw failures!.Count == 1
            ? failures[0]
            : new InfluxException(
                $"no InfluxDB server answered: {string.Join("; ", failures.Select(f => f.Message))}", failures[0].StatusCode, true, failures[0]);
    }

    // Healthy servers first in their order, then the ones marked down (they may be back before their probe says so):
    // a read is never refused without asking every server.
    private int[] Order()
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(0, _state.Length).OrderBy(i => _state[i].Healthy ? 0 : 1).ThenBy(i => i)];
        }
    }

    private void Answered(int index)
    {
        int from;
        lock (_gate)
        {
            MarkUpLocked(index);
            from = _readingFrom;
            if (from == index)
            {
                return;
            }

            _readingFrom = index;
            _switches++;
        }

        LogSwitched(_logger, _servers[from].Url, _servers[index].Url);
    }

    private void Failed(int index, InfluxException error)
    {
        bool first;
        lock (_gate)
        {
            var s = _state[index];
            first = s.Healthy;
            var now = _time.GetUtcNow();
            if (first)
            {
                s.Healthy = false;
                s.DownSince = now;
                s.Backoff = FirstProbeAfter;
            }
            else
            {
                s.Backoff = TimeSpan.FromTicks(Math.Min(s.Backoff.Ticks * 2, MaxProbeInterval.Ticks));
            }

            s.LastError = error.Message;
            s.ProbeAt = now + s.Backoff;
        }

        if (first)
        {
            LogDown(_logger, _servers[index].Url, error.Message);
        }
    }

    private void MarkUpLocked(int index)
    {
        var s = _state[index];
        if (s.Healthy)
        {
            return;
        }

        s.Healthy = true;
        s.DownSince = null;
        s.LastError = null;
        LogUp(_logger, _servers[index].Url);
    }

    private void StartDueProbes()
    {
        if (_servers.Length == 1)
        {
            return;
        }

        var now = _time.GetUtcNow();
        for (var i = 0; i < _state.Length; i++)
        {
            lock (_gate)
            {
                var s = _state[i];
                if (s.Healthy || s.Probing || now < s.ProbeAt)
                {
                    continue;
                }

                s.Probing = true;
            }

            _ = ProbeAsync(i);
        }
    }

    // Bounded: one probe per server at a time, each within the query timeout (InfluxClient's own).
    private async Task ProbeAsync(int index)
    {
        await Task.Yield();
        try
        {
            await ClientFor(index).PingAsync(CancellationToken.None);
            lock (_gate)
            {
                MarkUpLocked(index);
            }
        }
        catch (InfluxException ex)
        {
            Failed(index, ex);
        }
        finally
        {
            lock (_gate)
            {
                _state[index].Probing = false;
            }
        }
    }

    /// <summary>The same settings aimed at <paramref name="url"/> alone (no replicas): for what is done on each server.</summary>
    public static InfluxOptions ForServer(InfluxOptions options, string url) => new()
    {
        Url = url,
        Database = options.Database,
        RetentionPolicy = options.RetentionPolicy,
        Username = options.Username,
        Password = options.Password,
        Token = options.Token,
        Gzip = options.Gzip,
        Timeout = options.Timeout,
    };

    [LoggerMessage(EventId = 811, Level = LogLevel.Warning, Message = "InfluxDB at {Url} failed a read, reading from the next server: {Error}")]
    private static partial void LogDown(ILogger logger, string url, string error);

    [LoggerMessage(EventId = 812, Level = LogLevel.Information, Message = "InfluxDB at {Url} answers again")]
    private static partial void LogUp(ILogger logger, string url);

    [LoggerMessage(EventId = 813, Level = LogLevel.Warning, Message = "Reads moved from InfluxDB at {From} to {To}")]
    private static partial void LogSwitched(ILogger logger, string from, string to);

    private sealed class Server
    {
        public bool Healthy { get; set; } = true;

        public DateTimeOffset? DownSince { get; set; }

        public string? LastError { get; set; }

        public TimeSpan Backoff { get; set; }

        public DateTimeOffset ProbeAt { get; set; }

        public bool Probing { get; set; }
    }
}
