using Supervision.Core.Influx;

namespace Supervision.Core.Tests.Influx;

public sealed class InfluxGzipTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8086", null, false)]
    [InlineData("http://localhost:8086/", null, false)]
    [InlineData("http://[::1]:8086", null, false)]
    [InlineData("https://influx.tinh79.gov.vn:8086", null, true)]
    [InlineData("http://10.20.0.5:8086", null, true)]
    [InlineData("http://127.0.0.1:8086", true, true)]
    [InlineData("https://influx.tinh79.gov.vn:8086", false, false)]
    public void bodies_are_gzipped_unless_influxdb_is_on_a_loopback_address_or_the_setting_says_otherwise(string url, bool? setting, bool gzipped)
    {
        Assert.Equal(gzipped, new InfluxOptions { Url = url, Gzip = setting }.GzipInEffect);
    }
}
