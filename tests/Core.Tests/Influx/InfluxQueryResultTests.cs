using System.Text;
using Supervision.Core.Influx;

namespace Supervision.Core.Tests.Influx;

public sealed class InfluxQueryResultTests
{
    [Fact]
    public void a_query_result_is_read_with_its_series_tags_and_values()
    {
        var result = InfluxQueryResult.Parse(Encoding.UTF8.GetBytes(
            """{"results":[{"statement_id":0,"series":[{"name":"scrape","tags":{"unit":"79"},"columns":["time","up"],"values":[[1000,1],[2000,0.5]]}]}]}"""));

        var series = Assert.Single(result.Series);
        Assert.Equal(("scrape", "79"), (series.Name, series.Tags["unit"]));
        Assert.Equal([1.0, 0.5], [series.Double(0, "up")!.Value, series.Double(1, "up")!.Value]);
    }

    // Found by fuzzing (bench/Fuzz, target influxresult): each of these threw JsonException, InvalidOperationException,
    // KeyNotFoundException or FormatException out of the client, past callers that catch InfluxException.
    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"results\":")]
    [InlineData("{\"results\":5}")]
    [InlineData("{\"results\":[{\"statement_id\":\"0\"}]}")]
    [InlineData("{\"results\":[{\"statement_id\":1e99}]}")]
    [InlineData("{\"results\":[{\"series\":[{\"name\":\"m\"}]}]}")]
    [InlineData("{\"results\":[{\"series\":[{\"columns\":[\"time\"],\"values\":[5]}]}]}")]
    [InlineData("{\"results\":[{\"series\":[{\"columns\":[\"time\"],\"tags\":{\"a\":1}}]}]}")]
    [InlineData("{\"results\":[{\"error\":\"\\ud800\"}]}")]
    public void an_answer_that_is_not_a_query_result_is_the_clients_typed_error(string body)
    {
        var error = Assert.Throws<InfluxResponseException>(() => InfluxQueryResult.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.IsAssignableFrom<InfluxException>(error);
        Assert.Contains("not a query result", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void deep_nesting_is_refused_not_followed()
    {
        var body = "{\"results\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        Assert.Throws<InfluxResponseException>(() => InfluxQueryResult.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
