namespace Supervision.Testing;

/// <summary>
/// A real OpenID provider on 127.0.0.1: panva's oidc-provider run by Debian's node from tests/oidc-provider
/// (installed by <c>scripts/deps.sh test</c>). One confidential client whose redirect URIs point at the Dashboard
/// under test, and the accounts listed in tests/oidc-provider/index.mjs. Stopped on dispose.
/// </summary>
public sealed class OidcProviderFixture : IAsyncDisposable
{
    /// <summary>Where Debian installs node.</summary>
    public const string NodePath = "/usr/bin/node";

    /// <summary>The client id registered at the provider.</summary>
    public const string ClientId = "supervision-dashboard";

    /// <summary>The client secret registered at the provider.</summary>
    public const string ClientSecret = "test-oidc-client-secret-0123456789";

    private readonly ServiceProcess _process;

    private OidcProviderFixture(ServiceProcess process, Uri issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    /// <summary>The provider's folder in the repository.</summary>
    public static string Folder => RepoPaths.Combine("tests", "oidc-provider");

    /// <summary>The issuer URL (the Dashboard's <c>Oidc:Authority</c>).</summary>
    public Uri Issuer { get; }

    /// <summary>What the provider wrote so far (for failure messages).</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts the provider for a Dashboard at <paramref name="dashboard"/>. <paramref name="issuerHost"/> names it in the
    /// issuer URL: <c>localhost</c> makes it another site than a Dashboard on 127.0.0.1, as a real SSO server is.
    /// </summary>
    public static async Task<OidcProviderFixture> StartAsync(Uri dashboard, string issuerHost = "localhost")
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        if (!File.Exists(NodePath) || !Directory.Exists(Path.Combine(Folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"{NodePath} or {Folder}/node_modules is missing: run scripts/deps.sh test");
        }

        var port = FreePort.Next();
        var process = ServiceProcess.Start("oidc-provider", NodePath,
            [Path.Combine(Folder, "index.mjs"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--dashboard", dashboard.ToString(), "--issuer-host", issuerHost, "--client-id", ClientId, "--secret", ClientSecret]);
        var fixture = new OidcProviderFixture(process, new Uri($"http://{issuerHost}:{port}"));
        try
        {
            await process.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/.well-known/openid-configuration"), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return fixture;
    }

    /// <summary>The Dashboard's command-line settings that point it at this provider.</summary>
    public IReadOnlyList<string> DashboardArguments() =>
    [
        $"--Dashboard:Security:Oidc:Authority={Issuer}",
        $"--Dashboard:Security:Oidc:ClientId={ClientId}",
        $"--Dashboard:Security:Oidc:ClientSecret={ClientSecret}",
        "--Dashboard:Security:Oidc:Scope=profile supervision",
        "--Dashboard:Security:Oidc:DisplayName=Test SSO",
        "--Dashboard:Security:Oidc:AllowHttp=true",
    ];

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
