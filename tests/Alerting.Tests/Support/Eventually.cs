namespace Supervision.Alerting.Tests.Support;

/// <summary>Bounded waits for what real processes do in their own time (InfluxDB's subscriber, a reader's probe, a heartbeat).</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds; fails with <paramref name="failure"/> after 60 s.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string failure)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail(failure);
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, string)"/>
    public static Task TrueAsync(Func<bool> condition, string failure) => TrueAsync(() => Task.FromResult(condition()), failure);
}
