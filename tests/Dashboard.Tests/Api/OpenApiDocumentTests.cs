using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Supervision.Dashboard.Tests.Api;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task a_signed_in_user_gets_the_document_with_the_main_endpoints_and_the_core_records()
    {
        await using var host = await DashboardHost.StartAsync();
        using (var anonymous = TestUsers.Client(host.Address))
        {
            // Sign-in required, answered as to a program (401), not with the sign-in page.
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        }

        using var client = TestUsers.Client(host.Address, await TestUsers.SignInAsync(host.Address, TestUsers.Viewer));
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/status", "/api/status/provinces/{code}", "/api/console/alerts", "/api/console/alerts/{id}/ack", "/api/console/silences", "/api/console/maintenance", "/api/summaries", "/api/me" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"no {path} in the document");
        }

        var alerts = paths.GetProperty("/api/console/alerts").GetProperty("get");
        Assert.Equal("ConsoleAlerts", alerts.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(alerts.GetProperty("summary").GetString()));
        Assert.Equal(
            "#/components/schemas/AlertView",
            alerts.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("items").GetProperty("$ref").GetString());

        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var record in new[] { "AlertView", "SilenceCreated", "SilenceMatcher", "MaintenanceRequest", "MaintenanceEntry", "NationalSnapshot", "SignedInUser" })
        {
            Assert.True(schemas.TryGetProperty(record, out _), $"no schema {record}");
        }
    }
}
