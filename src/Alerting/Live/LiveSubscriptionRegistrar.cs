using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Supervision.Alerting.Engine;
using Supervision.Core.Influx;
using static Supervision.Core.Influx.InfluxQl;

namespace Supervision.Alerting.Live;

/// <summary>
/// Keeps this service's InfluxDB subscription in place: made afresh at start (a previous process of the same name had
/// another token), checked every <see cref="LiveWindowOptions.CheckInterval"/> and made again if InfluxDB lost it,
/// dropped at a clean stop. While there is none, rules read InfluxDB directly, so a failure here slows alerting down
/// and changes nothing else.
/// </summary>
internal sealed class LiveSubscriptionRegistrar(
    InfluxClient influx,
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
    private string? _name;
    private string? _retentionPolicy;
    private long _writeFailures = -1;

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
        var fresh = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                fresh = !await EnsureAsync(destination, fresh, stoppingToken);
                await CheckDeliveryAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metrics.Subscribed.Set(0);
                LiveLog.SubscribeFailed(logger, _name, ex);
            }

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
        if (_name is null || _retentionPolicy is null)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await influx.ExecuteAsync($"DROP SUBSCRIPTION {Identifier(_name)} ON {Identifier(alerting.Value.Influx.Database)}.{Identifier(_retentionPolicy)}", timeout.Token);
            metrics.Subscribed.Set(0);
            LiveLog.Dropped(logger, _name);
        }
        catch (Exception ex) when (ex is InfluxException or HttpRequestException or OperationCanceledException)
        {
            LiveLog.DropFailed(logger, _name, ex);
        }
    }

    /// <summary>Makes the subscription when <paramref name="fresh"/> or missing; true once it is in place.</summary>
    private async Task<bool> EnsureAsync(string destination, bool fresh, CancellationToken ct)
    {
        var database = alerting.Value.Influx.Database;
        var rp = string.IsNullOrWhiteSpace(options.Value.RetentionPolicy) ? await DefaultRetentionPolicyAsync(database, ct) : options.Value.RetentionPolicy;
        var exists = await ExistsAsync(database, rp, ct);
        if (!fresh && rp == _retentionPolicy && exists)
        {
            return true;
        }

        var on = $"{Identifier(database)}.{Identifier(rp)}";
        if (exists)
        {
            await influx.ExecuteAsync($"DROP SUBSCRIPTION {Identifier(_name!)} ON {on}", ct);
        }

        _writeFailures = -1;
        await influx.ExecuteAsync($"CREATE SUBSCRIPTION {Identifier(_name!)} ON {on} DESTINATIONS ALL {StringLiteral(destination)}", ct);
        _retentionPolicy = rp;
        metrics.Subscribed.Set(1);
        LiveLog.Subscribed(logger, _name!, database, rp, destination.Replace(token.Value, "…", StringComparison.Ordinal));
        return true;
    }

    /// <summary>
    /// InfluxDB counts the posts to a subscription that failed (refused, timed out, dropped from a full buffer): when
    /// that count grows, points may be missing from the window, so it starts over.
    /// </summary>
    private async Task CheckDeliveryAsync(CancellationToken ct)
    {
        var result = await influx.QueryAsync("SHOW STATS FOR 'subscriber'", ct);
        foreach (var series in result.Series)
        {
            if (series.Tag("name") != _name || series.Tag("database") != alerting.Value.Influx.Database || series.Tag("retention_policy") != _retentionPolicy
                || series.Values.Count == 0 || series.Double(0, "writeFailures") is not { } failures)
            {
                continue;
            }

            var count = (long)failures;
            if (_writeFailures >= 0 && count > _writeFailures)
            {
                window.RestartCoverage();
                LiveLog.DeliveryFailed(logger, _name!, count - _writeFailures);
            }

            _writeFailures = count;
        }
    }

    private async Task<bool> ExistsAsync(string database, string rp, CancellationToken ct)
    {
        var result = await influx.QueryAsync("SHOW SUBSCRIPTIONS", ct);
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

    private async Task<string> DefaultRetentionPolicyAsync(string database, CancellationToken ct)
    {
        var result = await influx.QueryAsync($"SHOW RETENTION POLICIES ON {Identifier(database)}", ct);
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
}
