using Supervision.Dashboard.OnCall;

namespace Supervision.Dashboard.Tests.OnCall;

public sealed class VietnamDateTests
{
    [Fact]
    public void a_typed_day_first_24_hour_time_is_vietnam_time()
    {
        var at = VietnamDate.Parse("03/11/2026 22:30", "until");
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 15, 30, 0, TimeSpan.Zero), at.ToUniversalTime());
        Assert.Equal("03/11/2026 22:30", VietnamDate.Write(at));
    }

    [Theory]
    [InlineData("11/23/2026 10:00")] // month first, as a US browser field writes it
    [InlineData("23/11/2026 10:00 PM")]
    [InlineData("")]
    public void anything_else_is_refused_naming_the_field(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => VietnamDate.Parse(text, "from"));
        Assert.StartsWith("from:", error.Message, StringComparison.Ordinal);
    }
}
