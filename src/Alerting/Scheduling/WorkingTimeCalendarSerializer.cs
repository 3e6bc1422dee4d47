using Quartz.Serialization.SystemTextJson.Calendars;

namespace Supervision.Alerting.Scheduling;

/// <summary>
/// Writes <see cref="WorkingTimeQuartzCalendar"/> into Quartz's SQLite job store and reads it back: the working
/// hours and the whole day table, so the stored calendar is complete on its own and a node reading it needs no file.
/// </summary>
internal sealed class WorkingTimeCalendarSerializer : CalendarSerializer<WorkingTimeQuartzCalendar>
{
    private const string TimeFormat = "HH:mm";
    private const string DateFormat = "yyyy-MM-dd";

    public override string CalendarTypeName => "SupervisionWorkingTime";

    protected override WorkingTimeQuartzCalendar Create(JsonElement jsonElement, JsonSerializerOptions options)
    {
        var start = TimeOnly.ParseExact(jsonElement.GetProperty("dayStart").GetString()!, TimeFormat, CultureInfo.InvariantCulture);
        var end = TimeOnly.ParseExact(jsonElement.GetProperty("dayEnd").GetString()!, TimeFormat, CultureInfo.InvariantCulture);
        var days = new List<CalendarDay>();
        foreach (var d in jsonElement.GetProperty("days").EnumerateArray())
        {
            days.Add(new CalendarDay(
                DateOnly.ParseExact(d.GetProperty("date").GetString()!, DateFormat, CultureInfo.InvariantCulture),
                Enum.Parse<CalendarDayKind>(d.GetProperty("kind").GetString()!),
                d.GetProperty("name").GetString() ?? string.Empty,
                d.GetProperty("source").GetString() ?? string.Empty));
        }

        return new WorkingTimeQuartzCalendar(new WorkingCalendar(days, start, end));
    }

    protected override void SerializeFields(Utf8JsonWriter writer, WorkingTimeQuartzCalendar calendar, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(calendar);
        writer.WriteString("dayStart", calendar.Calendar.DayStart.ToString(TimeFormat, CultureInfo.InvariantCulture));
        writer.WriteString("dayEnd", calendar.Calendar.DayEnd.ToString(TimeFormat, CultureInfo.InvariantCulture));
        writer.WriteStartArray("days");
        foreach (var d in calendar.Calendar.Days)
        {
            writer.WriteStartObject();
            writer.WriteString("date", d.Date.ToString(DateFormat, CultureInfo.InvariantCulture));
            writer.WriteString("kind", d.Kind.ToString());
            writer.WriteString("name", d.Name);
            writer.WriteString("source", d.SourceKind);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // Everything is read in Create: the calendar is immutable once built.
    protected override void DeserializeFields(WorkingTimeQuartzCalendar calendar, JsonElement jsonElement, JsonSerializerOptions options)
    {
    }
}
