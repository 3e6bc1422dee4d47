namespace Supervision.Alerting.Notify.Config;

/// <summary>The notification configuration is invalid; the message names the file, line or field.</summary>
public sealed class NotificationConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotificationConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public NotificationConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NotificationConfigException()
    {
    }
}
