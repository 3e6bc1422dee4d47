using Supervision.Core.Common;

namespace Supervision.Core.Tests.Common;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("0", 0)]
    public void durations_parse_in_prometheus_syntax(string text, long ms)
    {
        Assert.True(DurationText.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(ms), value);
        Assert.Equal(value, DurationText.TryParse(DurationText.Format(value), out var again, out _) ? again : TimeSpan.MinValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("15x")]
    [InlineData("s")]
    [InlineData("30m1h")]
    [InlineData("1m1m")]
    [InlineData("-5s")]
    [InlineData("99999999999999999999s")]
    public void malformed_durations_are_rejected_with_a_message(string text)
    {
        Assert.False(DurationText.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
