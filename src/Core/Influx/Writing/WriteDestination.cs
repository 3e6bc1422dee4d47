namespace Supervision.Core.Influx.Writing;

/// <summary>
/// One InfluxDB server an <see cref="InfluxWriter"/> writes every batch to (<see cref="InfluxOptions.Url"/> or one of its
/// <see cref="InfluxOptions.Replicas"/>), with its own sink and disk buffer.
/// </summary>
/// <param name="Server">The server's name in metrics, logs and health: its authority and path, e.g. <c>127.0.0.1:8086</c>.</param>
/// <param name="Sink">Where its batches are posted.</param>
/// <param name="Buffer">Its spill-over: nothing in it is shared with another server.</param>
public sealed record WriteDestination(string Server, IInfluxSink Sink, DiskBuffer Buffer)
{
    /// <summary>
    /// The name <paramref name="url"/> goes by in metrics (label <c>influx</c>), logs and <c>/healthz</c>: host, port and
    /// path, without scheme or credentials (a base URL may carry a user, which has no business in a metric label).
    /// </summary>
    public static string ServerName(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.HostAndPort, UriFormat.Unescaped) + uri.AbsolutePath.TrimEnd('/')
            : url;

    /// <summary>
    /// The disk buffer folder of server number <paramref name="index"/> of <c>Collector:Influx:Servers</c> under the
    /// collector's buffer folder: the first server (<c>Url</c>) keeps the folder itself, as before replicas existed, so a
    /// backlog spilled by an earlier version is replayed to it; each replica gets <c>replica-{host_port}</c>, named by
    /// the server rather than its place in the list, so reordering the replicas keeps each backlog with its server.
    /// </summary>
    public static string BufferFolder(string root, int index, string url)
    {
        if (index == 0)
        {
            return root;
        }

        var name = new StringBuilder("replica-");
        foreach (var c in ServerName(url))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        }

        return Path.Combine(root, name.ToString().ToLower(CultureInfo.InvariantCulture));
    }
}
