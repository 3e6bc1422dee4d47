namespace Supervision.Core.Common;

/// <summary>
/// Durations written as in Prometheus configuration: <c>500ms</c>, <c>15s</c>, <c>5m</c>, <c>1h30m</c>,
/// <c>2d</c>, <c>1w</c>. Shared by the inventory, rule and board files so operators learn one syntax.
/// </summary>
public static class DurationText
{
    /// <summary>Parses a duration; false with a message when the text is not one.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty duration";
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span is "0")
        {
            return true;
        }

        long totalMs = 0;
        var i = 0;
        var lastRank = int.MaxValue;
        while (i < span.Length)
        {
            var start = i;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
            }

            if (start == i)
            {
                error = $"'{text}' is not a duration (expected e.g. 15s, 5m, 1h30m)";
                return false;
            }

            if (!long.TryParse(span[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is too large";
                return false;
            }

            var unitStart = i;
            while (i < span.Length && char.IsAsciiLetter(span[i]))
            {
                i++;
            }

            var (unitMs, rank) = span[unitStart..i] switch
            {
                "ms" => (1L, 0),
                "s" => (1_000L, 1),
                "m" => (60_000L, 2),
                "h" => (3_600_000L, 3),
                "d" => (86_400_000L, 4),
                "w" => (604_800_000L, 5),
                _ => (0L, -1),
            };
            if (rank < 0)
            {
                error = $"'{text}' has an unknown unit '{span[unitStart..i].ToString()}' (use ms, s, m, h, d, w)";
                return false;
            }

            if (rank >= lastRank)
            {
                error = $"'{text}': units must go from largest to smallest, each once";
                return false;
            }

            lastRank = rank;
            try
            {
                totalMs = checked(totalMs + (number * unitMs));
            }
            catch (OverflowException)
            {
                error = $"'{text}' is too large";
                return false;
            }
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Formats a duration in the same syntax, largest units first (<c>1h30m</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var ms = (long)value.TotalMilliseconds;
        var parts = new System.Text.StringBuilder();
        Append(parts, ref ms, 604_800_000L, "w");
        Append(parts, ref ms, 86_400_000L, "d");
        Append(parts, ref ms, 3_600_000L, "h");
        Append(parts, ref ms, 60_000L, "m");
        Append(parts, ref ms, 1_000L, "s");
        Append(parts, ref ms, 1L, "ms");
        return parts.ToString();
    }

    private static void Append(System.Text.StringBuilder sb, ref long ms, long unit, string suffix)
    {
        if (ms >= unit)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{ms / unit}{suffix}");
            ms %= unit;
        }
    }
}
