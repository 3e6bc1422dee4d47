using System.Text.Json;
using Supervision.Collector.Cli;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Cli;

public sealed class CheckCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CheckCommand.RunAsync(args, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin)), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task valid_input_on_stdin_prints_one_json_line_per_sample()
    {
        var (exit, output, error) = await Run("# TYPE a counter\na{x=\"q\\\"w\",y=\"Tân Định\"} 3 1700000000000\nb NaN\nc -Inf\n");
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal("a", lines[0].GetProperty("name").GetString());
        Assert.Equal("q\"w", lines[0].GetProperty("labels").GetProperty("x").GetString());
        Assert.Equal("Tân Định", lines[0].GetProperty("labels").GetProperty("y").GetString());
        Assert.Equal(3, lines[0].GetProperty("value").GetDouble());
        Assert.Equal(1700000000000, lines[0].GetProperty("timestamp").GetInt64());
        Assert.Equal("NaN", lines[1].GetProperty("value").GetString());
        Assert.False(lines[1].TryGetProperty("timestamp", out _));
        Assert.Equal("-Inf", lines[2].GetProperty("value").GetString());
    }

    [Fact]
    public async Task openmetrics_timestamps_in_seconds_are_printed_in_milliseconds()
    {
        var (exit, output, _) = await Run("a 1 1700000000.25\n# EOF\n");
        Assert.Equal(0, exit);
        Assert.Equal(1700000000250, JsonDocument.Parse(output).RootElement.GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public async Task invalid_input_exits_1_with_the_line_on_stderr_and_nothing_on_stdout()
    {
        var (exit, output, error) = await Run("ok 1\nbad{ 1\n");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("line 2: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_format_can_be_forced_and_a_file_is_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "a 1\n");
            Assert.Equal(0, (await Run(string.Empty, path)).Exit);
            var forced = await Run(string.Empty, path, "--format", "openmetrics");
            Assert.Equal(1, forced.Exit);
            Assert.Contains("missing # EOF", forced.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task invalid_utf8_in_a_file_is_refused_with_its_line_and_rule()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, [.. "a 1\nb{l=\""u8, 0xBD, .. "\"} 2\n"u8]);
            var (exit, output, error) = await Run(string.Empty, path);
            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, output);
            Assert.StartsWith("line 2: invalid UTF-8", error, StringComparison.Ordinal);
            Assert.Contains("(rule utf8)", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task a_spec_violation_the_scrape_path_tolerates_still_fails_check_with_its_rule()
    {
        var (exit, _, error) = await Run("# TYPE a counter\na_total -1\n# EOF\n");
        Assert.Equal(1, exit);
        Assert.Equal("line 2: a counter total must be a non-negative number (rule counter-value)\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task a_missing_file_is_named_in_the_error()
    {
        var (exit, _, error) = await Run(string.Empty, "/nonexistent/metrics.txt");
        Assert.Equal(1, exit);
        Assert.Contains("/nonexistent/metrics.txt", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_built_collector_runs_the_verb_as_a_process_on_stdin()
    {
        var dll = ServiceProcess.BuiltAssembly("src/Collector", "Supervision.Collector");
        await using var process = ServiceProcess.Start("collector-check", "dotnet", [dll, "check", "-"]);
        var exited = await process.RunToEndAsync("x{a=\"1\"} 2\ny{ 3\n", TimeSpan.FromSeconds(60));
        Assert.Equal(1, exited);
        Assert.Contains("line 2: ", process.Output, StringComparison.Ordinal);
    }
}
