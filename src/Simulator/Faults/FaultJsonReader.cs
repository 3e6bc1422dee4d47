namespace Supervision.Simulator.Faults;

/// <summary>Reads <c>POST /control/faults</c> bodies into a <see cref="FaultRequest"/>, naming any field of the wrong type.</summary>
public static class FaultJsonReader
{
    /// <summary>Reads a parsed body.</summary>
    public static FaultRequest Read(JsonElement root)
    {
        var r = new FaultRequest();
        if (root.ValueKind != JsonValueKind.Object)
        {
            r.Errors["(body)"] = "expected a JSON object with selector, kind, durationSeconds and params";
            return r;
        }

        foreach (var prop in root.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "selector":
                    ReadSelector(prop.Value, r);
                    break;
                case "kind":
                    r.Kind = Text(prop.Value, "kind", r);
                    break;
                case "durationSeconds":
                    r.DurationSeconds = Number(prop.Value, "durationSeconds", r);
                    break;
                case "params":
                    ReadParams(prop.Value, r);
                    break;
                default:
                    r.Errors[prop.Name] = $"unknown field '{prop.Name}'; expected selector, kind, durationSeconds, params";
                    break;
            }
        }

        return r;
    }

    private static void ReadSelector(JsonElement e, FaultRequest r)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            r.Errors["selector"] = "selector must be an object with unit, province, system and/or fraction";
            return;
        }

        foreach (var prop in e.EnumerateObject())
        {
            var field = "selector." + prop.Name;
            switch (prop.Name)
            {
                case "unit":
                    r.Unit = Text(prop.Value, field, r);
                    break;
                case "province":
                    r.Province = Text(prop.Value, field, r);
                    break;
                case "system":
                    r.System = Text(prop.Value, field, r);
                    break;
                case "fraction":
                    r.Fraction = Number(prop.Value, field, r);
                    break;
                default:
                    r.Errors[field] = $"unknown selector field '{prop.Name}'; expected unit, province, system, fraction";
                    break;
            }
        }
    }

    private static void ReadParams(JsonElement e, FaultRequest r)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            r.Errors["params"] = "params must be an object";
            return;
        }

        foreach (var prop in e.EnumerateObject())
        {
            switch (prop.Value.ValueKind)
            {
                case JsonValueKind.String:
                    r.Params[prop.Name] = prop.Value.GetString()!;
                    break;
                case JsonValueKind.Number:
                    r.Params[prop.Name] = prop.Value.GetRawText();
                    break;
                default:
                    r.Errors["params." + prop.Name] = "parameter values are numbers or strings";
                    break;
            }
        }
    }

    private static string? Text(JsonElement e, string field, FaultRequest r)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.Number:
                // Codes such as 79 sent as numbers are accepted as their text.
                return e.GetRawText();
            default:
                r.Errors[field] = $"{field} must be a string";
                return null;
        }
    }

    private static double? Number(JsonElement e, string field, FaultRequest r)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                return e.GetDouble();
            case JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v):
                return v;
            default:
                r.Errors[field] = $"{field} must be a number";
                return null;
        }
    }
}
