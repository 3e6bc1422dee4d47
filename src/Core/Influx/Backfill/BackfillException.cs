namespace Supervision.Core.Influx.Backfill;

/// <summary>A back-fill statement failed; the message names the continuous query and the range.</summary>
public sealed class BackfillException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackfillException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BackfillException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BackfillException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
