namespace Supervision.Alerting.Notify.Config;

/// <summary>Time zones as operators write them: <c>+07:00</c>, <c>UTC+7</c>, or an IANA id such as <c>Asia/Ho_Chi_Minh</c>.</summary>
public static class TimeZoneText
{
    /// <summary>Vietnam time (UTC+7, no daylight saving), the default everywhere.</summary>
    public static readonly TimeZoneInfo Vietnam = Core.Calendar.VietnamTime.Zone;

    /// <summary>Parses a time zone; false with a message when unknown.</summary>
    public static bool TryParse(string? text, out TimeZoneInfo zone, out string error)
    {
        zone = Vietnam;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var s = text.Trim();
        var offsetText = s.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) ? s[3..] : s;
        if (offsetText.Length > 1 && (offsetText[0] == '+' || offsetText[0] == '-'))
        {
            var sign = offsetText[0] == '-' ? -1 : 1;
            var body = offsetText[1..];
            TimeSpan offset;
            if (int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var hours))
            {
                offset = TimeSpan.FromHours(hours);
            }
            else if (!TimeSpan.TryParseExact(body, @"hh\:mm", CultureInfo.InvariantCulture, out offset))
            {
                error = $"'{text}' is not a UTC offset (expected e.g. +07:00 or UTC+7)";
                return false;
            }

            if (offset > TimeSpan.FromHours(14))
            {
                error = $"'{text}' is out of range";
                return false;
            }

            offset *= sign;
            if (offset == TimeSpan.FromHours(7))
            {
                zone = Vietnam;
                return true;
            }

            var id = "UTC" + (sign < 0 ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            zone = TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id);
            return true;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(s, out var found))
        {
            zone = found;
            return true;
        }

        error = $"unknown time zone '{text}' (use e.g. +07:00 or Asia/Ho_Chi_Minh)";
        return false;
    }
}
