namespace Supervision.Dashboard.Reports;

/// <summary>A print that did not give a PDF: the browser failed, timed out or wrote nothing.</summary>
public sealed class ReportRenderException : Exception
{
    /// <summary>Creates the error.</summary>
    public ReportRenderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public ReportRenderException()
    {
    }

    /// <summary>Creates the error.</summary>
    public ReportRenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Prints an HTML document to PDF with Debian's headless Chromium started as a child process
/// (<c>chromium --headless --print-to-pdf</c>): no driver library, no browser download, one process per print that
/// ends with it. The page is a file the Dashboard rendered into a private temporary folder, with its styles inline
/// and nothing to fetch: the browser needs no session and reaches no server, and host resolution is switched off
/// so that nothing else can be opened by it. A fresh profile folder per print lets prints run side by side.
/// </summary>
public sealed class ChromiumPrinter(string chromiumPath, TimeSpan timeout, TimeProvider time)
{
    /// <summary>Prints <paramref name="html"/>; the PDF's bytes, or <see cref="ReportRenderException"/>.</summary>
    public async Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        var folder = Path.Combine(Path.GetTempPath(), "supervision-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var page = Path.Combine(folder, "report.html");
            var pdf = Path.Combine(folder, "report.pdf");
            await File.WriteAllTextAsync(page, html, Encoding.UTF8, cancellationToken);
            var psi = new ProcessStartInfo(chromiumPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in Arguments(folder, pdf))
            {
                psi.ArgumentList.Add(arg);
            }

            psi.ArgumentList.Add(new Uri(page).AbsoluteUri);
            var errors = new StringBuilder();
            using var process = new Process { StartInfo = psi };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (errors)
                {
                    // Only the tail matters for the message; keep memory bounded.
                    if (e.Data is { } line && errors.Length < 16_000)
                    {
                        errors.AppendLine(line);
                    }
                }
            };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new ReportRenderException($"could not start {chromiumPath}: {ex.Message}", ex);
            }

            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            using var timeoutCts = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new ReportRenderException($"{chromiumPath} did not finish printing within {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s and was stopped");
            }

            var bytes = File.Exists(pdf) ? await File.ReadAllBytesAsync(pdf, cancellationToken) : [];
            if (process.ExitCode != 0 || bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
            {
                string tail;
                lock (errors)
                {
                    tail = errors.ToString().Trim();
                }

                tail = tail.Length > 600 ? "…" + tail[^600..] : tail;
                throw new ReportRenderException($"{chromiumPath} exited with {process.ExitCode} and {(bytes.Length == 0 ? "no PDF" : "no valid PDF")}{(tail.Length > 0 ? ": " + tail : string.Empty)}");
            }

            return bytes;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The browser may still hold a profile file for a moment; a temp folder left behind is harmless.
            }
        }
    }

    private static IEnumerable<string> Arguments(string folder, string pdf)
    {
        yield return "--headless";
        // Chromium's sandbox refuses to start as root (containers, CI); an ordinary service user keeps it.
        if (Environment.UserName == "root")
        {
            yield return "--no-sandbox";
        }

        yield return "--disable-gpu";
        yield return "--disable-dev-shm-usage";
        yield return "--disable-extensions";
        yield return "--disable-background-networking";
        yield return "--disable-component-update";
        yield return "--disable-sync";
        yield return "--no-first-run";
        yield return "--no-default-browser-check";
        yield return "--mute-audio";
        // Nothing to reach: every host name fails to resolve.
        yield return "--host-resolver-rules=MAP * ~NOTFOUND";
        yield return "--user-data-dir=" + Path.Combine(folder, "profile");
        yield return "--no-pdf-header-footer";
        yield return "--print-to-pdf=" + pdf;
    }
}
