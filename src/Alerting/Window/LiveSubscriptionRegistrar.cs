using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using static Supervision.Core.Influx.InfluxQl;

namespace Supervision.Alerting.Window;

/// <summary>
/// Keeps this service's InfluxDB subscription in place on every server of <c>Alerting:Influx:Servers</c> (two servers
/// written alike each forward their points; the live window holds a point delivered twice once, and while one server is
/// down the other's stream keeps it full): made afresh at start (a previous process of the same name had another
/// token), checked every <see cref="LiveWindowOptions.CheckInterval"/> and made again if a server lost it, dropped at a
/// clean stop. While there is none, rules read InfluxDB directly, so a failure here slows alerting down and changes
/// nothing else.
/// </summary>
internal sealed class LiveSubscriptionRegistrar(
    InfluxReader influx,
    IOptions<LiveWindowOptions> options,
    IOptions<AlertingOptions> alerting,
    LiveSubscriptionToken token,
    LiveWindow window,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    LiveMetrics metrics,
    ILogger<LiveSubscriptionRegistrar> logger) : BackgroundService
{
    private readonly OnServer[] _servers = [.. influx.Servers.Select((url, i) => new OnServer(i, url))];
    private string? _name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The listening address is known once the server has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var destination = Destination();
        _name = string.IsNullOrWhiteSpace(options.Value.SubscriptionName) ? $"supervision_alerting_{new Uri(destination).Port}" : options.Value.SubscriptionName;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Each server on its own: one that is down must not keep the other's subscription from being made or checked.
            foreach (var on in _servers)
            {
                try
                {
                    on.Fresh = !await EnsureAsync(on, destination, stoppingToken);
                    await CheckDeliveryAsync(on, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    on.Subscribed = false;
                    LiveLog.SubscribeFailed(logger, _name, on.Url, ex);
                }
            }

            PublishSubscribed();
            try
            {
                await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_name is null)
        {
            return;
        }

        foreach (var on in _servers.Where(s => s.RetentionPolicy is not null))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await influx.ClientFor(on.Index).ExecuteAsync($"DROP SUBSCRIPTION {Identifier(_name)} ON {Identifier(alerting.Value.Influx.Database)}.{Identifier(on.RetentionPolicy!)}", timeout.Token);
                on.Subscribed = false;
                LiveLog.Dropped(logger, _name, on.Url);
            }
            catch (Exception ex) when (ex is InfluxException or HttpRequestException or OperationCanceledException)
            {
                LiveLog.DropFailed(logger, _name, on.Url, ex);
            }
        }

        PublishSubscribed();
    }

    private void PublishSubscribed()
    {
        metrics.Subscribed.Set(_servers.Count(s => s.Subscribed));
        foreach (var on in _servers)
        {
            metrics.SubscribedOn.WithLabels(on.Url).Set(on.Subscribed ? 1 : 0);
        }
    }

    /// <summary>Makes the subscription on one server when it is fresh or missing there; true once it is in place.</summary>
    private async Task<bool> EnsureAsync(OnServer on, string destination, CancellationToken ct)
    {
        var client = influx.ClientFor(on.Index);
        var database = alerting.Value.Influx.Database;
        var rp = string.IsNullOrWhiteSpace(options.Value.RetentionPolicy) ? await DefaultRetentionPolicyAsync(client, database, ct) : options.Value.RetentionPolicy;
        var exists = await ExistsAsync(client, database, rp, ct);
        if (!on.Fresh && rp == on.RetentionPolicy && exists)
        {
            on.Subscribed = true;
            return true;
        }

        var target = $"{Identifier(database)}.{Identifier(rp)}";
        if (exists)
        {
            await client.ExecuteAsync($"DROP SUBSCRIPTION {Identifier(_name!)} ON {target}", ct);
        }

        on.WriteFailures = -1;
        await client.ExecuteAsync($"CREATE SUBSCRIPTION {Identifier(_name!)} ON {target} DESTINATIONS ALL {StringLiteral(destination)}", ct);
        on.RetentionPolicy = rp;
        on.Subscribed = true;
        LiveLog.Subscribed(logger, _name!, on.Url, database, rp, destination.Replace(token.Value, "…", StringComparison.Ordinal));
        return true;
    }

    /// <summary>
    /// InfluxDB counts the posts to a subscription that failed (refused, timed out, dropped from a full buffer): when
    /// that count grows on a server, points may be missing from the window, so it starts over (the other server may
    /// have delivered them, but the window cannot tell).
    /// </summary>
    private async Task CheckDeliveryAsync(OnServer on, CancellationToken ct)
    {
        var result = await influx.ClientFor(on.Index).QueryAsync("SHOW STATS FOR 'subscriber'", ct);
        foreach (var series in result.Series)
        {
            if (series.Tag("name") != _name || series.Tag("database") != alerting.Value.Influx.Database || series.Tag("retention_policy") != on.RetentionPolicy
                || series.Values.Count == 0 || series.Double(0, "writeFailures") is not { } failures)
            {
                continue;
            }

            var count = (long)failures;
            if (on.WriteFailures >= 0 && count > on.WriteFailures)
            {
                window.RestartCoverage();
                LiveLog.DeliveryFailed(logger, _name!, on.Url, count - on.WriteFailures);
            }

            on.WriteFailures = count;
        }
    }

    private async Task<bool> ExistsAsync(InfluxClient client, string database, string rp, CancellationToken ct)
    {
        var result = await client.QueryAsync("SHOW SUBSCRIPTIONS", ct);
        foreach (var series in result.Series)
        {
            if (series.Name != database)
            {
                continue;
            }

            for (var row = 0; row < series.Values.Count; row++)
            {
                if (series.String(row, "name") == _name && series.String(row, "retention_policy") == rp)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<string> DefaultRetentionPolicyAsync(InfluxClient client, string database, CancellationToken ct)
    {
        var result = await client.QueryAsync($"SHOW RETENTION POLICIES ON {Identifier(database)}", ct);
        foreach (var series in result.Series)
        {
            var isDefault = series.ColumnIndex("default");
            for (var row = 0; row < series.Values.Count; row++)
            {
                if (isDefault >= 0 && series.Values[row][isDefault] is true && series.String(row, "name") is { } name)
                {
                    return name;
                }
            }
        }

        throw new InvalidOperationException($"database {database} has no default retention policy to subscribe to (set Alerting:Live:RetentionPolicy)");
    }

    private string Destination()
    {
        var configured = options.Value.CallbackUrl;
        var address = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("the service listens nowhere InfluxDB could post to: set Alerting:Live:CallbackUrl");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            // A wildcard or name is not an address InfluxDB can post to; the loopback is (both run on this machine).
            uri.Host = "127.0.0.1";
        }

        return uri.Uri.ToString().TrimEnd('/') + LiveIngestEndpoint.RoutePrefix + "/" + token.Value;
    }

    /// <summary>The subscription's state on one server (touched by the one loop and the stop only).</summary>
    private sealed class OnServer(int index, string url)
    {
        public int Index { get; } = index;

        public string Url { get; } = url;

        /// <summary>Made afresh at the next check (at start: a previous process of the same name had another token).</summary>
        public bool Fresh { get; set; } = true;

        public bool Subscribed { get; set; }

        public string? RetentionPolicy { get; set; }

        public long WriteFailures { get; set; } = -1;
    }
}
