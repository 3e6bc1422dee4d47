namespace Supervision.Dashboard.OnCall;

/// <summary>
/// Runs a page's actions one at a time and keeps the message they leave: the result in words, or the refusal or
/// error (never a crashed circuit). Shared by the console and the alert page.
/// </summary>
public sealed class ActionRunner
{
    /// <summary>True while an action runs (buttons are disabled).</summary>
    public bool Busy { get; private set; }

    /// <summary>The last message, or null.</summary>
    public string? Message { get; private set; }

    /// <summary>True when <see cref="Message"/> reports an error.</summary>
    public bool IsError { get; private set; }

    /// <summary>Shows a message.</summary>
    public void Show(string message, bool error)
    {
        Message = message;
        IsError = error;
    }

    /// <summary>Runs <paramref name="action"/> (its result is the message), then <paramref name="after"/>; a second call while one runs does nothing.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<string>> action, Func<Task> after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(after);
        if (Busy)
        {
            return;
        }

        Busy = true;
        try
        {
            Show(await action(cancellationToken), error: false);
            await after();
        }
        catch (Exception ex) when (ex is ConsoleAccessDeniedException or ArgumentException or KeyNotFoundException or AlertingApiException)
        {
            Show(ex.Message, error: true);
        }
        finally
        {
            Busy = false;
        }
    }
}
