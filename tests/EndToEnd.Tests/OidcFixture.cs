using Supervision.Testing;

namespace Supervision.EndToEnd.Tests;

[CollectionDefinition("oidc")]
public sealed class OidcCollection : ICollectionFixture<OidcFixture>, ICollectionFixture<BrowserFixture>;

/// <summary>
/// A Dashboard with OpenID Connect sign-in and the real test provider (tests/oidc-provider), both child processes
/// on 127.0.0.1. No InfluxDB or collector: these tests are about who gets in and what they may open, not data.
/// The provider is named <c>localhost</c> in its issuer, so to the browser it is another site than the Dashboard
/// (127.0.0.1), as a real SSO server is: cross-site cookie rules apply as in production.
/// </summary>
public sealed class OidcFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supervision-oidc-" + Guid.NewGuid().ToString("N"));

    public Uri DashboardUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}/");

    public OidcProviderFixture Provider { get; private set; } = null!;

    public ServiceProcess Dashboard { get; private set; } = null!;

    public string AuditPath => Path.Combine(_dir, "dashboard-audit.log");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Provider = await OidcProviderFixture.StartAsync(DashboardUrl);
        Dashboard = ServiceProcess.StartDotnet("dashboard", ServiceProcess.BuiltAssembly("src/Dashboard", "Supervision.Dashboard"),
            ["--urls", DashboardUrl.ToString().TrimEnd('/'), "--inventory", RepoPaths.NationalInventory, "--ingest-key", CenterFixture.Key,
             $"--Dashboard:Security:AuditPath={AuditPath}",
             .. Provider.DashboardArguments()]);
        await Dashboard.WaitForHttpAsync(new Uri(DashboardUrl, "healthz"), TimeSpan.FromSeconds(60));
    }

    /// <summary>The audit file's lines so far.</summary>
    public async Task<string[]> AuditLinesAsync() => File.Exists(AuditPath) ? await File.ReadAllLinesAsync(AuditPath) : [];

    public async Task DisposeAsync()
    {
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
