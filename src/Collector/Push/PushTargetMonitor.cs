using Supervision.Core.Common;

namespace Supervision.Collector.Push;

/// <summary>
/// Gives push targets the status a scrape would: at each of the target's slots (its period, at a stable offset, as a
/// scraped target's) a <c>scrape</c> point is written with the status its pushes imply, the live status is recorded
/// (Dashboard) and the hour's roll-up counts it; so rules, inhibition, board and summaries read push targets unchanged.
/// Fresh pushes mean Up (or what the last heartbeat declared); nothing pushed for
/// <see cref="PushOptions.UnknownAfterPeriods"/> periods means Unknown (reason Stale, or NeverSeen), for
/// <see cref="PushOptions.DownAfterPeriods"/> periods Down (reason PushMissed). A change of status is recorded and
/// written at once, not at the next slot: a push after a silence turns the tile green within the Dashboard's push interval.
/// </summary>
public sealed partial class PushTargetMonitor(
    PushRegistry registry, WritePipeline writer, TargetStatusTracker tracker, HourlyRollups rollups, CollectorIdentity identity,
    IOptions<CollectorOptions> options, TimeProvider time, ILogger<PushTargetMonitor> logger) : BackgroundService
{
    /// <summary>How often the monitor looks at every push target.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly PushOptions _options = options.Value.Push;
    private readonly bool _storeHealth = options.Value.StoreHealth;

    /// <summary>Looks at <paramref name="state"/> now: writes and records when its status changed (after a push).</summary>
    public void Evaluate(PushTargetState state) => Evaluate(state, time.GetUtcNow());

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = time.GetUtcNow();
            foreach (var state in registry.States)
            {
                try
                {
                    Evaluate(state, now);
                }
                catch (Exception ex) when (ex is LineProtocolException or InvalidOperationException)
                {
                    // The loop boundary: one target's failure must not stop the others'.
                    LogFailed(logger, ex, state.Target.Id);
                }
            }
        }
    }

    private void Evaluate(PushTargetState state, DateTimeOffset now)
    {
        lock (state.Gate)
        {
            var slot = now >= state.NextDue;
            var observed = Observe(state, now);
            var changed = observed is { } o && (state.Recorded is not { } r || r.Status != o.Status || r.Reason != o.Reason);
            if (slot)
            {
                state.NextDue = Scheduling.ScheduleMath.NextDue(now + TimeSpan.FromTicks(1), state.Target.Interval, state.Offset);
            }

            if (observed is not { } result || (!slot && !changed))
            {
                return;
            }

            var lines = new LineProtocolBuilder(1024);
            var samples = slot ? state.TakePoints() : 0;
            result = result with { Samples = (int)Math.Min(samples, int.MaxValue) };
            SynthesisedPoints.Write(lines, state.Target, result, identity.Id, now.ToUnixTimeMilliseconds(), _storeHealth);
            writer.Append(lines);
            tracker.Record(state.Target, result, now);
            state.Recorded = (result.Status, result.Reason);
            if (slot)
            {
                rollups.Record(state.Target, now, result.Status, default);
            }
        }
    }

    /// <summary>The status the pushes imply now, or null while a never-pushed target is still within its first periods.</summary>
    private ScrapeResult? Observe(PushTargetState state, DateTimeOffset now)
    {
        var period = state.Target.Interval;
        var last = state.LastPush;
        var age = now - (last ?? state.TrackedSince);
        if (age >= period * _options.DownAfterPeriods)
        {
            return new ScrapeResult(TargetStatus.Down, StatusReason.PushMissed, Silence(last, age, period), TimeSpan.Zero, 0, null);
        }

        if (age >= period * _options.UnknownAfterPeriods)
        {
            return new ScrapeResult(TargetStatus.Unknown, last is null ? StatusReason.NeverSeen : StatusReason.Stale, Silence(last, age, period), TimeSpan.Zero, 0, null);
        }

        if (last is null)
        {
            return null;
        }

        return state.Declared is { } declared
            ? new ScrapeResult(declared.Status, declared.Reason, declared.Detail, TimeSpan.Zero, 0, declared.Health)
            : new ScrapeResult(TargetStatus.Up, StatusReason.None, null, TimeSpan.Zero, 0, null);
    }

    private static string Silence(DateTimeOffset? last, TimeSpan age, TimeSpan period) =>
        (last is null ? "nothing pushed since the collector started " : "nothing pushed for ")
        + $"{DurationText.Format(TimeSpan.FromSeconds(Math.Floor(age.TotalSeconds)))} (expected every {DurationText.Format(period)})";

    [LoggerMessage(EventId = 1801, Level = LogLevel.Error, Message = "Status of push target {Target} could not be written")]
    private static partial void LogFailed(ILogger logger, Exception exception, string target);
}
