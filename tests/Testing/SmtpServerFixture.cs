using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Supervision.Testing;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with its Mailbox handler writing every message
/// into a maildir. Started per fixture, stopped on dispose. Messages are read back as raw RFC 5322 files.
/// </summary>
public sealed class SmtpServerFixture : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    private SmtpServerFixture(Process process, int port, string maildir)
    {
        _process = process;
        Port = port;
        Maildir = maildir;
    }

    /// <summary>Loopback host.</summary>
    public static string Host => "127.0.0.1";

    /// <summary>Listening port.</summary>
    public int Port { get; }

    /// <summary>The maildir the server writes to.</summary>
    public string Maildir { get; }

    /// <summary>
    /// Starts the server on <paramref name="port"/> (default: a free one), e.g. the port a service was configured with
    /// while nothing listened there; fails clearly when aiosmtpd is missing.
    /// </summary>
    public static async Task<SmtpServerFixture> StartAsync(int? port = null)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} not found: run scripts/deps.sh test (installs python3-aiosmtpd)");
        }

        var maildir = Path.Combine(Path.GetTempPath(), "supervision-smtp-" + Guid.NewGuid().ToString("N"));
        // A maildir is three folders; the Mailbox handler expects them to exist when the folder does.
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }
        var listen = port ?? FreePort.Next();
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"{Host}:{listen}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start aiosmtpd");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var fixture = new SmtpServerFixture(process, listen, maildir);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode} (is python3-aiosmtpd installed? scripts/deps.sh test)");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, listen, cts.Token);
                return fixture;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cts.Token);
            }
        }
    }

    /// <summary>Waits (bounded) for at least <paramref name="count"/> messages; returns their file paths, oldest first.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var files = Messages();
            if (files.Count >= count)
            {
                return files;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"SMTP server received {files.Count} of {count} messages within {timeout}");
            }

            await Task.Delay(25, CancellationToken.None);
        }
    }

    /// <summary>Message files written so far.</summary>
    public IReadOnlyList<string> Messages()
    {
        var dir = Path.Combine(Maildir, "new");
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).OrderBy(File.GetLastWriteTimeUtc).ToArray()
            : [];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Maildir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
