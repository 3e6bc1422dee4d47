using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Api;

public sealed class OpenApiDocumentTests
{
    private const string Rules = """
        groups:
          - name: availability
            interval: 30s
            rules:
              - name: target-down
                kind: down
                selector: { levels: [commune] }
                parameters: { statuses: [Down] }
                severity: critical
        """;

    [Fact]
    public async Task the_document_lists_the_main_endpoints_with_the_core_records_as_schemas()
    {
        await using var host = await AlertingHost.StartAsync(Rules);
        var doc = (await host.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json"))!;

        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/alerts", "/api/alerts/{id}", "/api/alerts/{id}/ack", "/api/alerts/{id}/escalate", "/api/silences", "/api/silences/{id}", "/api/rules", "/api/maintenance", "/api/oncall", "/api/groups", "/api/alerts/{id}/notifications", "/api/audit" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"no {path} in the document");
        }

        var list = paths.GetProperty("/api/alerts").GetProperty("get");
        Assert.Equal("ListAlerts", list.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(list.GetProperty("summary").GetString()));
        var items = list.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("items");
        Assert.Equal("#/components/schemas/AlertView", items.GetProperty("$ref").GetString());

        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var record in new[] { "AlertView", "AckRequest", "SilenceRequest", "SilenceView", "SilenceMatcher", "RuleStatusList", "MaintenanceEntry", "MaintenanceRequest", "OnCallAnswer", "NotificationRecord", "AlertingAuditEntry", "ManualEscalation" })
        {
            Assert.True(schemas.TryGetProperty(record, out _), $"no schema {record}");
        }

        // The wire names: camelCase fields, enums as the strings the API writes.
        var alert = schemas.GetProperty("AlertView").GetProperty("properties");
        Assert.True(alert.TryGetProperty("acknowledgedBy", out _));
        var state = schemas.GetProperty("AlertState").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("Firing", state);

        var ack = paths.GetProperty("/api/alerts/{id}/ack").GetProperty("post");
        // The body may be left out (the API answers 400 then), so the schema is "null or AckRequest".
        Assert.Contains("\"#/components/schemas/AckRequest\"", ack.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText(), StringComparison.Ordinal);
        Assert.True(doc.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out var scheme));
        Assert.Equal(HubNames.ApiKeyHeader, scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task the_document_needs_the_api_key_where_reads_of_the_api_do()
    {
        await using var host = await AlertingHost.StartAsync(Rules, (Supervision.Alerting.Data.IMetricSource?)null, null, "--Alerting:ApiKeyForReads=true");

        // The positive signal first: the same rule guards /api/alerts.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/api/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/openapi/v1.json")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Add(HubNames.ApiKeyHeader, AlertingHost.ApiKey);
        using var answer = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"/api/alerts\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
