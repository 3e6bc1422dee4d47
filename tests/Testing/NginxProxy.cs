namespace Supervision.Testing;

/// <summary>
/// Debian's nginx in front of Dashboard nodes, configured as <c>scripts/run.sh --ha</c> configures it: sticky by client
/// address (ip_hash: SignalR's negotiate and its WebSocket must reach the same node), WebSocket upgrade, and a node
/// that refuses or dies skipped (<c>proxy_next_upstream</c>), so clients reconnect to another. For the cluster tests
/// and the failover harness; <see cref="DisposeAsync"/> stops it.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const string Nginx = "/usr/sbin/nginx";
    private readonly ServiceProcess _process;
    private readonly string _dir;

    private NginxProxy(ServiceProcess process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The proxy's address.</summary>
    public Uri Address { get; }

    /// <summary>Starts nginx on a free port in front of <paramref name="upstreamPorts"/> (127.0.0.1) and waits until <c>/healthz</c> answers through it.</summary>
    public static async Task<NginxProxy> StartAsync(params int[] upstreamPorts)
    {
        if (!File.Exists(Nginx))
        {
            throw new InvalidOperationException($"{Nginx} is missing: run scripts/deps.sh ha (apt-get install nginx)");
        }

        var dir = Directory.CreateTempSubdirectory("supervision-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "tmp"));
        var port = FreePort.Next();
        var servers = string.Concat(upstreamPorts.Select(p => $" server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;"));
        var conf = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            {{(Environment.UserName == "root" ? "user root;" : string.Empty)}}
            daemon off;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 8192; }
            http {
              access_log off;
              client_body_temp_path {{dir}}/tmp/body;
              proxy_temp_path {{dir}}/tmp/proxy;
              fastcgi_temp_path {{dir}}/tmp/fastcgi;
              uwsgi_temp_path {{dir}}/tmp/uwsgi;
              scgi_temp_path {{dir}}/tmp/scgi;
              map $http_upgrade $connection_upgrade { default upgrade; '' close; }
              upstream dashboards { ip_hash;{{servers}} }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://dashboards;
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection $connection_upgrade;
                  proxy_set_header Host $host;
                  proxy_read_timeout 1h;
                  proxy_connect_timeout 2s;
                  proxy_next_upstream error timeout http_502 http_503;
                }
              }
            }
            """);
        var process = ServiceProcess.Start("nginx", Nginx, ["-c", conf, "-p", dir]);
        var proxy = new NginxProxy(process, dir, port);
        await process.WaitForHttpAsync(new Uri(proxy.Address, "healthz"), TimeSpan.FromSeconds(30));
        return proxy;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
