using System.Text;
using Supervision.Testing;

namespace Supervision.EndToEnd.Tests;

/// <summary>
/// The whole center as an operator runs it, each part a child process on 127.0.0.1: a real InfluxDB,
/// the simulator, the dashboard, a collector and alerting (fast test rules, notifications to a loopback
/// webhook), over a reduced national inventory (every province, with the communes of Cao Bằng (04) and
/// Hồ Chí Minh city (79)) scraped every 2 s.
/// </summary>
public class CenterFixture : IAsyncLifetime
{
    public const string Key = "e2e-ingest-key-0123456789";
    public const string AlertingKey = "e2e-alerting-key-0123456789";

    /// <summary>The test rule: a province's e-document system down fires after 2 s (evaluated every 2 s).</summary>
    public const string RuleName = "e2e-edoc-down";

    /// <summary>Repeat interval of the test route: a firing group is re-sent this often until muted.</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(3);
    public const string KioskToken = "e2e-kiosk-token-0123456789";
    public static readonly TimeSpan KioskPeriod = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(8);

    /// <summary>How often the public status page is rebuilt here (60 s by default).</summary>
    public static readonly TimeSpan StatusPageRefresh = TimeSpan.FromSeconds(2);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supervision-e2e-" + Guid.NewGuid().ToString("N"));

    public InfluxServerFixture Influx { get; } = new();

    public ServiceProcess Simulator { get; private set; } = null!;

    public ServiceProcess Dashboard { get; private set; } = null!;

    public ServiceProcess? Collector { get; private set; }

    public ServiceProcess Alerting { get; private set; } = null!;

    public WebhookReceiver Webhook { get; private set; } = null!;

    /// <summary>A real SMTP server (python3-aiosmtpd) for the e-mail receiver of <see cref="MailProvince"/>'s alerts.</summary>
    public SmtpServerFixture Smtp { get; private set; } = null!;

    /// <summary>Alerts of this province also go out by e-mail (to <see cref="Smtp"/>) and chat (to <see cref="Webhook"/>, path <c>/chat/…</c>).</summary>
    public const string MailProvince = "33";

    public Uri AlertingUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}/");

    public Uri SimulatorUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}/");

    public Uri DashboardUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}/");

    public Uri CollectorUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}/");

    public string InventoryPath => Path.Combine(_dir, "inventory.yaml");

    /// <summary>The shipped boards with a short rotation period, so a test sees the kiosk rotate.</summary>
    public string BoardsPath => Path.Combine(_dir, "boards");

    /// <summary>True to run the shipped self-monitoring rules (rules/center.yaml) beside the test rule.</summary>
    protected virtual bool ShippedCenterRules => false;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        await Influx.InitializeAsync();
        await File.WriteAllTextAsync(InventoryPath, ReducedInventory());
        Directory.CreateDirectory(BoardsPath);
        foreach (var board in Directory.GetFiles(RepoPaths.Combine("dashboards"), "*.json"))
        {
            var text = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(board), "\"periodSeconds\": [0-9]+", $"\"periodSeconds\": {(int)KioskPeriod.TotalSeconds}");
            await File.WriteAllTextAsync(Path.Combine(BoardsPath, Path.GetFileName(board)), text);
        }

        Simulator = ServiceProcess.StartDotnet("simulator", ServiceProcess.BuiltAssembly("src/Simulator", "Supervision.Simulator"),
            ["--inventory", InventoryPath, "--port", SimulatorUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--holidays", RepoPaths.Holidays]);
        Dashboard = ServiceProcess.StartDotnet("dashboard", ServiceProcess.BuiltAssembly("src/Dashboard", "Supervision.Dashboard"),
            ["--urls", DashboardUrl.ToString().TrimEnd('/'), "--inventory", InventoryPath, "--ingest-key", Key,
             $"--Dashboard:Rollup:StaleAfter={StaleAfter}", $"--Dashboard:Influx:Url={Influx.Url}",
             "--users", DemoUsers.UsersFile, $"--Dashboard:Security:AuditPath={Path.Combine(_dir, "dashboard-audit.log")}",
             $"--Dashboard:Alerting:Url={AlertingUrl}", $"--Dashboard:Alerting:ApiKey={AlertingKey}",
             $"--Dashboard:Boards:Directory={BoardsPath}", $"--Dashboard:Kiosk:Tokens:0:Name=e2e", $"--Dashboard:Kiosk:Tokens:0:Token={KioskToken}", "--Dashboard:Kiosk:Tokens:0:Boards:0=*",
             $"--Dashboard:StatusPage:Refresh={StatusPageRefresh}", "--Dashboard:StatusPage:MaxAge=00:00:01",
             "--Dashboard:StatusPage:MinInterruption=00:00:00"]);
        await Simulator.WaitForHttpAsync(new Uri(SimulatorUrl, "healthz"), TimeSpan.FromSeconds(60));
        await Dashboard.WaitForHttpAsync(new Uri(DashboardUrl, "healthz"), TimeSpan.FromSeconds(60));
        await StartCollectorAsync();
        await StartAlertingAsync();
    }

    private async Task StartAlertingAsync()
    {
        Webhook = await WebhookReceiver.StartAsync();
        Smtp = await SmtpServerFixture.StartAsync();
        Directory.CreateDirectory(Path.Combine(_dir, "rules"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "rules", "e2e.yaml"), """
            groups:
              - name: e2e
                interval: 2s
                rules:
                  - name: RULE_NAME
                    kind: down
                    selector: { levels: [province], systems: [edoc] }
                    parameters: { lookback: 20s, statuses: [Down] }
                    for: 2s
                    severity: critical
                    annotations:
                      summary: "E-documents of {{ $labels.unit }} are down"
                      runbook_url: "https://runbooks.example.vn/targets/down"
            """.Replace("RULE_NAME", RuleName, StringComparison.Ordinal));
        if (ShippedCenterRules)
        {
            File.Copy(RepoPaths.Combine("rules", "center.yaml"), Path.Combine(_dir, "rules", "center.yaml"));
        }

        var notifications = Path.Combine(_dir, "notifications.yaml");
        await File.WriteAllTextAsync(notifications, $"""
            route:
              receiver: e2e-webhook
              group_by: [province, system]
              group_wait: 1s
              group_interval: 2s
              repeat_interval: {(int)RepeatInterval.TotalSeconds}s
              routes:
                - {"{"} matchers: ['province="{MailProvince}"'], receiver: e2e-mail, continue: true {"}"}
                - {"{"} matchers: ['province="{MailProvince}"'], receiver: e2e-chat, continue: true {"}"}
                - {"{"} matchers: ['province="{MailProvince}"'], receiver: e2e-webhook {"}"}
            receivers:
              - name: e2e-webhook
                webhook: {"{"} url: "{new Uri(Webhook.BaseAddress, "alerts")}", timeout: 5s {"}"}
              - name: e2e-mail
                email: {"{"} smarthost: "{SmtpServerFixture.Host}:{Smtp.Port}", from: "alerts@supervision.test", to: ["ops@supervision.test"], security: none, timeout: 5s {"}"}
              - name: e2e-chat
                http:
                  url: "{new Uri(Webhook.BaseAddress, "chat/sendMessage")}"
                  body: '{"{"}"text": "{"{{"}text|json{"}}"}", "dashboard_url": "{"{{"}dashboard_url|json{"}}"}", "group_url": "{"{{"}group_url|json{"}}"}"{"}"}'
                  timeout: 5s
            users:
              - {"{"} name: an.nguyen, full_name: "Nguyễn Văn An", receiver: e2e-webhook, address: an {"}"}
            schedules:
              - name: primary
                time_zone: "+07:00"
                layers:
                  - {"{"} name: daily, rotation: daily, handoff: "08:00", start: "2026-01-05", users: [an.nguyen] {"}"}
            """);
        Alerting = ServiceProcess.StartDotnet("alerting", ServiceProcess.BuiltAssembly("src/Alerting", "Supervision.Alerting"),
            ["--urls", AlertingUrl.ToString().TrimEnd('/'), $"--Alerting:Influx:Url={Influx.Url}", $"--Alerting:RulesFolder={Path.Combine(_dir, "rules")}",
             $"--Alerting:StatePath={Path.Combine(_dir, "alerting.db")}", $"--Alerting:InventoryPath={InventoryPath}", $"--Alerting:HolidaysPath={RepoPaths.Holidays}",
             $"--Alerting:Dashboard:Url={DashboardUrl}", $"--Alerting:Dashboard:ApiKey={Key}", $"--Alerting:ApiKey={AlertingKey}",
             $"--Notifications:DatabasePath={Path.Combine(_dir, "notifications.db")}", $"--Notifications:ConfigFile={notifications}",
             $"--Notifications:DashboardUrl={DashboardUrl}"]);
        await Alerting.WaitForHttpAsync(new Uri(AlertingUrl, "healthz"), TimeSpan.FromSeconds(60));
    }

    public async Task StartCollectorAsync()
    {
        Collector = ServiceProcess.StartDotnet("collector", ServiceProcess.BuiltAssembly("src/Collector", "Supervision.Collector"),
            ["--urls", CollectorUrl.ToString().TrimEnd('/'), "--inventory", InventoryPath, "--influx", Influx.Url.ToString(),
             "--dashboard", DashboardUrl.ToString(), $"--Collector:Dashboard:ApiKey={Key}",
             "--buffer", Path.Combine(_dir, "buffer")]);
        await Collector.WaitForHttpAsync(new Uri(CollectorUrl, "healthz"), TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { Alerting, Collector, Dashboard, Simulator })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        if (Webhook is not null)
        {
            await Webhook.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        await Influx.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private string ReducedInventory()
    {
        var national = File.ReadAllLines(RepoPaths.NationalInventory);
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 1").AppendLine("defaults:");
        yaml.AppendLine($"  baseUrl: \"{SimulatorUrl.ToString().TrimEnd('/')}/t/{{unit}}/{{system}}\"");
        yaml.AppendLine($"  interval: {(int)Interval.TotalSeconds}s").AppendLine("  timeout: 1500ms").AppendLine("units:");
        foreach (var line in national.Where(l => l.StartsWith("  - {", StringComparison.Ordinal)))
        {
            var commune = line.Contains("level: commune", StringComparison.Ordinal);
            if (!commune || line.Contains("province: \"04\"", StringComparison.Ordinal) || line.Contains("province: \"79\"", StringComparison.Ordinal))
            {
                yaml.AppendLine(line);
            }
        }

        // The center's own parts, as the shipped inventory lists them, at this fixture's addresses (self-monitoring).
        string Base(Uri url) => url.ToString().TrimEnd('/');
        yaml.AppendLine("  - id: center").AppendLine("    name: \"Trung tâm giám sát\"").AppendLine("    level: center").AppendLine("    systems:");
        yaml.AppendLine($"      - {{ system: collector, baseUrl: \"{Base(CollectorUrl)}\", healthPath: /healthz }}");
        yaml.AppendLine($"      - {{ system: alerting, baseUrl: \"{Base(AlertingUrl)}\", healthPath: /healthz }}");
        yaml.AppendLine($"      - {{ system: dashboard, baseUrl: \"{Base(DashboardUrl)}\", healthPath: /healthz }}");
        yaml.AppendLine($"      - {{ system: influxdb, baseUrl: \"{Base(Influx.Url)}\", healthPath: /ping, metricsPath: /debug/vars }}");
        return yaml.ToString();
    }
}
