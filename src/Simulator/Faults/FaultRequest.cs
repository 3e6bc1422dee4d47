namespace Supervision.Simulator.Faults;

/// <summary>
/// A fault as written by a client (JSON body) or a scenario step (YAML), before validation. Parameter
/// values are kept as invariant text so both sources share one validator.
/// </summary>
public sealed class FaultRequest
{
    /// <summary>selector.unit.</summary>
    public string? Unit { get; set; }

    /// <summary>selector.province.</summary>
    public string? Province { get; set; }

    /// <summary>selector.system.</summary>
    public string? System { get; set; }

    /// <summary>selector.fraction.</summary>
    public double? Fraction { get; set; }

    /// <summary>kind.</summary>
    public string? Kind { get; set; }

    /// <summary>durationSeconds.</summary>
    public double? DurationSeconds { get; set; }

    /// <summary>params, values as invariant text.</summary>
    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);

    /// <summary>Field errors found while reading the raw input (wrong JSON types, unknown fields).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
}

/// <summary>Validates a <see cref="FaultRequest"/> against the inventory; every error names its field.</summary>
public static class FaultRequestValidator
{
    /// <summary>Longest accepted fault: a week.</summary>
    public const double MaxDurationSeconds = 7 * 86400;

    /// <summary>A spec, or the errors by field (<c>selector.unit</c>, <c>kind</c>, <c>params.delayMs</c>...).</summary>
    public static (FaultSpec? Spec, IReadOnlyDictionary<string, string> Errors) Validate(FaultRequest request, Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inventory);
        var errors = new Dictionary<string, string>(request.Errors, StringComparer.Ordinal);
        if (request.Unit is { } unit && inventory.FindUnit(unit) is null)
        {
            errors.TryAdd("selector.unit", $"unknown unit '{unit}'");
        }

        if (request.Province is { } province && inventory.FindUnit(province)?.Level != UnitLevel.Province)
        {
            errors.TryAdd("selector.province", $"unknown province '{province}' (a 2-digit province code of the inventory)");
        }

        if (request.System is { } system && SystemCatalogue.Find(system) is null && !HasSystem(inventory, system))
        {
            errors.TryAdd("selector.system", $"unknown system '{system}'; the catalogue has {string.Join(", ", SystemCatalogue.Kinds.Select(k => k.Key))}");
        }

        if (request.Fraction is { } f && (double.IsNaN(f) || f <= 0 || f > 1))
        {
            errors.TryAdd("selector.fraction", $"fraction {f.ToString(CultureInfo.InvariantCulture)} is outside (0, 1]");
        }

        FaultKind kind = default;
        if (request.Kind is null)
        {
            if (!errors.ContainsKey("kind"))
            {
                errors["kind"] = "kind is required: one of " + FaultKindNames.All;
            }
        }
        else if (!FaultKindNames.TryParse(request.Kind, out kind))
        {
            errors.TryAdd("kind", $"unknown kind '{request.Kind}'; use one of {FaultKindNames.All}");
        }

        TimeSpan? duration = null;
        if (request.DurationSeconds is { } d)
        {
            if (double.IsNaN(d) || d <= 0 || d > MaxDurationSeconds)
            {
                errors.TryAdd("durationSeconds", $"durationSeconds must be in (0, {MaxDurationSeconds}]");
            }
            else
            {
                duration = TimeSpan.FromSeconds(d);
            }
        }

        var parameters = errors.ContainsKey("kind") ? new FaultParameters() : ReadParams(kind, request.Params, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var selector = new FaultSelector(request.Unit, request.Province, request.System, request.Fraction);
        return (new FaultSpec(selector, kind, duration, parameters), errors);
    }

    private static bool HasSystem(Inventory inventory, string system)
    {
        foreach (var t in inventory.Targets)
        {
            if (string.Equals(t.System, system, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static FaultParameters ReadParams(FaultKind kind, Dictionary<string, string> raw, Dictionary<string, string> errors)
    {
        var p = new FaultParameters();
        foreach (var (name, text) in raw)
        {
            var field = "params." + name;
            switch (kind, name)
            {
                case (FaultKind.Down or FaultKind.Flap, "mode"):
                    p = text switch
                    {
                        "refused" => p with { Mode = DownMode.Refused },
                        "503" => p with { Mode = DownMode.ServiceUnavailable },
                        _ => Error(p, errors, field, $"mode '{text}' is unknown; use refused or 503"),
                    };
                    break;
                case (FaultKind.Slow, "delayMs"):
                    p = Integer(text, 1, 600_000, out var delay) ? p with { DelayMs = (int)delay }
                        : Error(p, errors, field, "delayMs must be an integer in [1, 600000]");
                    break;
                case (FaultKind.Flap, "periodSeconds"):
                    p = Integer(text, 1, 86_400, out var period) ? p with { PeriodSeconds = (int)period }
                        : Error(p, errors, field, "periodSeconds must be an integer in [1, 86400]");
                    break;
                case (FaultKind.Drop, "factor"):
                    p = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 0 && factor < 1
                        ? p with { Factor = factor }
                        : Error(p, errors, field, "factor must be a number in [0, 1)");
                    break;
                case (FaultKind.Oversize, "bytes"):
                    p = Integer(text, 1, FaultParameters.MaxBytes, out var bytes) ? p with { Bytes = bytes }
                        : Error(p, errors, field, $"bytes must be an integer in [1, {FaultParameters.MaxBytes}]");
                    break;
                default:
                    errors.TryAdd(field, $"'{name}' is not a parameter of {FaultKindNames.Name(kind)}");
                    break;
            }
        }

        return p;
    }

    private static bool Integer(string text, long min, long max, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static FaultParameters Error(FaultParameters p, Dictionary<string, string> errors, string field, string message)
    {
        errors.TryAdd(field, message);
        return p;
    }
}
