namespace Supervision.Core.Influx;

/// <summary>InfluxDB refused a request or could not be reached; <see cref="Exception.Message"/> carries InfluxDB's own words.</summary>
public class InfluxException : Exception
{
    /// <summary>Creates the error.</summary>
    public InfluxException(string message, int statusCode, bool isTransient, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>Creates the error.</summary>
    public InfluxException()
    {
    }

    /// <summary>Creates the error.</summary>
    public InfluxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public InfluxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>HTTP status, 0 when no answer came.</summary>
    public int StatusCode { get; }

    /// <summary>True when the same request may succeed later (unreachable, timeout, 5xx, database not yet created).</summary>
    public bool IsTransient { get; }

    /// <summary>Maps an error answer to its typed exception.</summary>
    public static InfluxException FromResponse(int status, string serverMessage) => status switch
    {
        400 when serverMessage.StartsWith("partial write", StringComparison.Ordinal) => new InfluxPartialWriteException(serverMessage),
        400 => new InfluxBadRequestException(serverMessage),
        401 or 403 => new InfluxAuthException(status, serverMessage),
        404 when serverMessage.Contains("database not found", StringComparison.Ordinal) => new InfluxDatabaseNotFoundException(serverMessage),
        413 => new InfluxRequestTooLargeException(serverMessage),
        >= 500 => new InfluxServerException(status, serverMessage),
        _ => new InfluxException($"InfluxDB answered {status}: {serverMessage}", status, status == 404 || status == 429),
    };
}

/// <summary>400 "partial write": some points were written, others rejected (InfluxDB names them).</summary>
public sealed class InfluxPartialWriteException(string message) : InfluxException(message, 400, false)
{
    /// <summary>Points InfluxDB dropped, from its <c>dropped=N</c>, or null when the message does not say.</summary>
    public int? DroppedPoints { get; } = ParseDropped(message);

    private static int? ParseDropped(string message)
    {
        var at = message.LastIndexOf("dropped=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = message.AsSpan(at + "dropped=".Length);
        var end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end]))
        {
            end++;
        }

        return int.TryParse(digits[..end], System.Globalization.CultureInfo.InvariantCulture, out var dropped) ? dropped : null;
    }
}

/// <summary>400: the request (line protocol or InfluxQL) is invalid.</summary>
public sealed class InfluxBadRequestException(string message) : InfluxException(message, 400, false);

/// <summary>
/// InfluxDB (or something answering in its place, such as a proxy's error page) answered a query with a body that is
/// not the JSON of a query result: not valid JSON, too deeply nested, or of another shape.
/// </summary>
public sealed class InfluxResponseException(string message, Exception inner) : InfluxException(message, 200, false, inner);

/// <summary>401/403: credentials missing or not allowed.</summary>
public sealed class InfluxAuthException(int status, string message) : InfluxException(message, status, false);

/// <summary>404 "database not found": transient, since an operator can create it while data waits.</summary>
public sealed class InfluxDatabaseNotFoundException(string message) : InfluxException(message, 404, true);

/// <summary>413: the body exceeds the server's limit; split the batch.</summary>
public sealed class InfluxRequestTooLargeException(string message) : InfluxException(message, 413, false);

/// <summary>5xx: the server failed; retry later.</summary>
public sealed class InfluxServerException(int status, string message) : InfluxException(message, status, true);
