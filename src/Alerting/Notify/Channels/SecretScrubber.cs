namespace Supervision.Alerting.Notify.Channels;

/// <summary>Removes a receiver's secrets from text before it is logged or stored.</summary>
public static class SecretScrubber
{
    /// <summary>The text with every secret replaced by <c>***</c>.</summary>
    public static string Scrub(string? text, ReceiverDefinition receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var secret in receiver.Secrets())
        {
            if (secret.Length >= 3)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
                var escaped = Uri.EscapeDataString(secret);
                if (escaped != secret)
                {
                    text = text.Replace(escaped, "***", StringComparison.Ordinal);
                }
            }
        }

        return text;
    }

    /// <summary>The HTTP result class of a status code: 5xx, 408 and 429 are worth retrying, other 4xx are not.</summary>
    public static bool IsRetryableStatus(int status) => status >= 500 || status == 408 || status == 429;
}
