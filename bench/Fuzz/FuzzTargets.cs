using System.Text;
using Supervision.Alerting.Notify.Config;
using Supervision.Alerting.Rules;
using Supervision.Collector.Parsing;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Dashboard.Boards;

namespace Supervision.Fuzz;

/// <summary>The targets: every parser and loader that reads text from outside the process (InfluxDB's query answers too).</summary>
internal static class FuzzTargets
{
    private static readonly ExpositionParser Parser = new();
    private static readonly ExpositionProblems Problems = new();
    private static readonly SampleListVisitor Visitor = new();

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("exposition", Exposition, [],
            [
                "# HELP a x\n# TYPE a counter\na_total{b=\"c\"} 1 1700000000.5 # {t=\"x\"} 1 1700000000\na_created 1\n# EOF\n",
                "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 0.7\n# TYPE s summary\ns{quantile=\"0.9\"} 3\ns_sum 1\ns_count 2\n# EOF\n",
                "# TYPE st stateset\nst{st=\"a\"} 1\nst{st=\"b\"} 0\n# TYPE i info\ni_info{v=\"1\"} 1\n# TYPE g gaugehistogram\ng_bucket{le=\"+Inf\"} 1\ng_gcount 1\ng_gsum 1\n# UNIT u_seconds seconds\nu_seconds 1\n# EOF\n",
                "# HELP http_requests_total The total.\n# TYPE http_requests_total counter\nhttp_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\nmsdos{path=\"C:\\\\DIR\",e=\"a\\n\\\"b\\\"\"} 1.458e9\nx +Inf -3982045\n",
            ],
            ["# EOF\n", "# TYPE ", "# HELP ", "# UNIT ", " counter\n", " histogram\n", " summary\n", " stateset\n", " info\n", " gaugehistogram\n",
             "_total", "_bucket", "_count", "_sum", "_created", "_gsum", "_gcount", "_info", "{le=\"+Inf\"}", "{quantile=\"0.5\"}",
             " # {", "} ", "NaN", "+Inf", "-Inf", "1e308", "-0", "9223372036854775807", "\\\"", "\\\\", "\\n", "\"", "=", ",", "\n", " "]),
        new("health", Health, [],
            [
                "{\"status\":\"Healthy\",\"totalDuration\":\"00:00:00.01\",\"entries\":{\"db\":{\"status\":\"Healthy\",\"duration\":\"00:00:00.005\",\"description\":\"ok\",\"data\":{}}}}",
                "{\"status\":\"Degraded\",\"entries\":{\"queue\":{\"status\":\"Degraded\",\"description\":\"Hàng đợi\",\"tags\":[\"a\"]}}}",
            ],
            ["{", "}", "[", "]", "\"status\":", "\"entries\":", "\"Healthy\"", "\"Unhealthy\"", "\"Degraded\"", ",", ":", "null", "1e999", "\"\\u0000\"", "\"\\ud800\""]),
        new("lineprotocol", LineProtocol, [],
            [
                "cpu,host=a\\ b,region=vn usage=0.5,count=3i,ok=true,msg=\"x \\\"y\\\"\" 1700000000000\n# comment\n\nmem free=1u\n",
                "m\\,x,k\\=1=v\\ 2 f\\ 1=1e-3 -5\n",
            ],
            [",", "=", " ", "\\", "\"", "i", "u", "t", "f", "true", "\n", "#", "1e999", "-9223372036854775808"]),
        new("inventory", Inventory, [],
            [
                "version: 1\ndefaults:\n  baseUrl: \"http://sim.local:9100/t/{unit}/{system}\"\n  interval: 30s\nsystems:\n  network: { interval: 10s, timeout: 2s }\nunits:\n  - { id: \"79\", name: \"Hồ Chí Minh\", level: province, kind: city, lat: 10.78, lon: 106.7 }\n  - id: \"26737\"\n    name: \"Phường Tân Định\"\n    level: commune\n    province: \"79\"\n    kind: ward\n    systems:\n      - network\n      - { system: dossier, baseUrl: \"https://dvc.example.vn/{unit}\", auth: { bearerToken: s3cret } }\n",
            ],
            ["\n", "  ", "- ", ": ", "id", "units", "systems", "kind", "url", "level", "parent", "interval", "timeout", "&a ", "*a", "{", "}", "[", "]", "'", "\"", "!!str ", "---\n", "..."]),
        new("rules", Rules, [],
            [
                "groups:\n  - name: availability\n    rules:\n      - alert: TargetDown\n        kind: target_down\n        for: 2m\n        severity: critical\n        match: {system: edoc}\n",
            ],
            ["\n", "  ", "- ", ": ", "groups", "rules", "alert", "kind", "for", "severity", "inhibit", "match", "&a ", "*a", "{", "}", "[", "]", "1h", "-1s"]),
        new("notifications", Notifications, [typeof(NotificationConfigException)],
            [
                "receivers:\n  - name: ops\n    webhook:\n      url: http://127.0.0.1:9/hook\nroute:\n  receiver: ops\n  group_by: [unit]\n",
            ],
            ["\n", "  ", "- ", ": ", "receivers", "route", "routes", "receiver", "webhook", "email", "url", "matchers", "group_wait", "&a ", "*a", "{", "}", "[", "]", "${X}"]),
        new("influxresult", InfluxResult, [typeof(InfluxResponseException)],
            [
                "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"scrape\",\"tags\":{\"unit\":\"79\"},\"columns\":[\"time\",\"up\",\"status\"],\"values\":[[1700000000000,1,\"Up\"],[1700000015000,null,false]]}]}]}",
                "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: x\"},{\"statement_id\":1}]}",
            ],
            ["{", "}", "[", "]", "\"results\":", "\"series\":", "\"columns\":", "\"values\":", "\"tags\":", "\"statement_id\":", "\"error\":", ",", ":", "null", "1e999", "-1", "\"\\ud800\"", "true"]),
        new("boards", Boards, [],
            [
                "{\"id\":\"national\",\"title\":\"Toàn quốc\",\"refresh\":\"15s\",\"widgets\":[{\"type\":\"stat\",\"title\":\"Up\",\"query\":{\"metric\":\"up\"}}]}",
            ],
            ["{", "}", "[", "]", "\"id\":", "\"widgets\":", "\"type\":", "\"query\":", ",", ":", "null", "1e999", "\"\\ud800\"", "true"]),
    ];

    private static string Exposition(byte[] input)
    {
        var decoded = ExpositionText.Decode(input);
        var text = decoded.Text ?? Encoding.UTF8.GetString(input);
        var outcome = new StringBuilder(decoded.Error is null ? string.Empty : "utf8;");
        foreach (var format in (ReadOnlySpan<ExpositionFormat>)[ExpositionFormat.OpenMetrics, ExpositionFormat.PrometheusText])
        {
            Visitor.Samples.Clear();
            var strict = Parser.Parse(text, format, Visitor);
            var tolerant = Parser.Parse(text, format, Visitor, Problems);
            outcome.Append(strict is { } s ? ExpositionRules.Id(s.Rule) : "ok").Append('/')
                .Append(tolerant is { } t ? ExpositionRules.Id(t.Rule) : "ok").Append(';');

            // Tolerant mode stops only at what strict mode also refuses: a contradiction is a bug.
            if (tolerant is not null && strict is null)
            {
                throw new InvalidOperationException($"tolerant parse refused ({tolerant}) a body the strict parse accepted");
            }
        }

        return outcome.ToString();
    }

    private static string Health(byte[] input) =>
        Supervision.Collector.Parsing.HealthReportParser.TryParse(input, out var report, out var error)
            ? "ok:" + report!.Status
            : "error:" + Prefix(error);

    private static string LineProtocol(byte[] input)
    {
        var reader = new LineProtocolReader(input);
        var outcome = new SortedSet<string>(StringComparer.Ordinal);
        while (reader.TryRead(out var line, out var error))
        {
            if (error is not null)
            {
                outcome.Add("e:" + Prefix(error));
                continue;
            }

            var tags = 0;
            var enumerator = new LineProtocolTagEnumerator(line.Tags);
            while (enumerator.MoveNext())
            {
                _ = LineProtocolReader.UnescapeKey(enumerator.Current.Key);
                tags++;
            }

            outcome.Add("ok:" + Math.Min(tags, 3));
        }

        return string.Join(';', outcome);
    }

    private static string Inventory(byte[] input)
    {
        var result = InventoryLoader.Load(new StringReader(Encoding.UTF8.GetString(input)), "fuzz.yaml");
        return result.Errors.Count == 0 ? "ok" : "error:" + Prefix(result.Errors[0].ToString() ?? string.Empty);
    }

    private static string Rules(byte[] input)
    {
        var (groups, _, errors) = RuleFileLoader.Parse(Encoding.UTF8.GetString(input), "fuzz.yaml");
        return errors.Count == 0 ? "ok:" + groups.Count : "error:" + Prefix(errors[0].ToString() ?? string.Empty);
    }

    private static string Notifications(byte[] input)
    {
        try
        {
            return "ok:" + NotificationsConfigLoader.Parse(Encoding.UTF8.GetString(input), "fuzz.yaml", _ => "x").Receivers.Count;
        }
        catch (NotificationConfigException ex)
        {
            return "error:" + Prefix(ex.Message);
        }
    }

    private static string InfluxResult(byte[] input)
    {
        var result = InfluxQueryResult.Parse(input);
        return $"ok:{result.Statements.Count}:{result.Statements.Sum(s => s.Series.Count)}";
    }

    private static string Boards(byte[] input)
    {
        var result = BoardLoader.Load("fuzz.json", Encoding.UTF8.GetString(input));
        return result.Errors.Count == 0 ? "ok" : "error:" + Prefix(result.Errors[0].ToString() ?? string.Empty);
    }

    // The kind of an error, without the numbers and names that make every message unique.
    private static string Prefix(string message)
    {
        var builder = new StringBuilder(24);
        foreach (var c in message)
        {
            if (builder.Length == 24)
            {
                break;
            }

            if (char.IsAsciiLetter(c) || c == ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
