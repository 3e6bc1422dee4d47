using Supervision.Core.Common;
using YamlDotNet.RepresentationModel;

namespace Supervision.Simulator.Scenarios;

/// <summary>
/// Reads a scenario file (format in src/Simulator/README.md) and validates every step against the
/// inventory with the control API's own rules; each error is reported as <c>file:line: field: message</c>.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads a file; the scenario, or every error found.</summary>
    public static (Scenario? Scenario, IReadOnlyList<string> Errors) LoadFile(string path, Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var reader = new StreamReader(path);
            return Load(reader, path, inventory);
        }
        catch (IOException ex)
        {
            return (null, [$"{path}:0: (file): {ex.Message}"]);
        }
    }

    /// <summary>Loads from a reader; <paramref name="file"/> names it in messages.</summary>
    public static (Scenario? Scenario, IReadOnlyList<string> Errors) Load(TextReader reader, string file, Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var errors = new List<string>();
        if (!YamlText.TryLoad(reader, out var stream, out var line, out var message))
        {
            return (null, [$"{file}:{line}: (syntax): {message}"]);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, [$"{file}:1: (document): expected one mapping with name, repeat and steps"]);
        }

        void Error(YamlNode node, string field, string message) => errors.Add($"{file}:{node.Start.Line}: {field}: {message}");

        var name = Path.GetFileNameWithoutExtension(file);
        TimeSpan? repeat = null;
        var steps = new List<ScenarioStep>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "name":
                    name = Scalar(value) ?? name;
                    break;
                case "repeat":
                    if (DurationText.TryParse(Scalar(value), out var r, out var err) && r > TimeSpan.Zero)
                    {
                        repeat = r;
                    }
                    else
                    {
                        Error(value, "repeat", string.IsNullOrEmpty(err) ? "repeat must be positive" : err);
                    }

                    break;
                case "steps":
                    if (value is YamlSequenceNode seq)
                    {
                        var i = 0;
                        foreach (var item in seq)
                        {
                            var step = ReadStep(item, $"steps[{i++}]", inventory, Error);
                            if (step is not null)
                            {
                                steps.Add(step);
                            }
                        }
                    }
                    else
                    {
                        Error(value, "steps", "steps must be a list");
                    }

                    break;
                default:
                    Error(keyNode, key ?? "(key)", "unknown field; expected name, repeat, steps");
                    break;
            }
        }

        if (steps.Count == 0 && errors.Count == 0)
        {
            Error(root, "steps", "a scenario needs at least one step");
        }

        steps.Sort((a, b) => a.At.CompareTo(b.At));
        if (repeat is { } period && steps.Count > 0 && steps[^1].At >= period)
        {
            Error(root, "repeat", $"repeat {DurationText.Format(period)} must be longer than the last step's 'at' {DurationText.Format(steps[^1].At)}");
        }

        return errors.Count == 0 ? (new Scenario(name, repeat, steps), errors) : (null, errors);
    }

    private static ScenarioStep? ReadStep(YamlNode node, string path, Inventory inventory, Action<YamlNode, string, string> error)
    {
        if (node is not YamlMappingNode map)
        {
            error(node, path, "a step is a mapping with at, kind, selector, duration, params, note");
            return null;
        }

        var request = new FaultRequest();
        TimeSpan? at = null;
        var note = string.Empty;
        var ok = true;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var field = path + "." + key;
            switch (key)
            {
                case "at":
                    if (DurationText.TryParse(Scalar(value), out var a, out var err))
                    {
                        at = a;
                    }
                    else
                    {
                        error(value, field, err);
                        ok = false;
                    }

                    break;
                case "kind":
                    request.Kind = Scalar(value);
                    break;
                case "note":
                    note = Scalar(value) ?? string.Empty;
                    break;
                case "duration":
                    if (DurationText.TryParse(Scalar(value), out var d, out var derr) && d > TimeSpan.Zero)
                    {
                        request.DurationSeconds = d.TotalSeconds;
                    }
                    else
                    {
                        error(value, field, string.IsNullOrEmpty(derr) ? "duration must be positive" : derr);
                        ok = false;
                    }

                    break;
                case "selector" when value is YamlMappingNode selector:
                    foreach (var (sk, sv) in selector.Children)
                    {
                        var sname = ((YamlScalarNode)sk).Value;
                        var text = Scalar(sv);
                        switch (sname)
                        {
                            case "unit": request.Unit = text; break;
                            case "province": request.Province = text; break;
                            case "system": request.System = text; break;
                            case "fraction" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f):
                                request.Fraction = f;
                                break;
                            default:
                                error(sv, field + "." + sname, "expected unit, province, system or a numeric fraction");
                                ok = false;
                                break;
                        }
                    }

                    break;
                case "params" when value is YamlMappingNode parameters:
                    foreach (var (pk, pv) in parameters.Children)
                    {
                        request.Params[((YamlScalarNode)pk).Value ?? string.Empty] = Scalar(pv) ?? string.Empty;
                    }

                    break;
                default:
                    error(keyNode, field, "unknown field or wrong shape; a step has at, kind, selector{}, duration, params{}, note");
                    ok = false;
                    break;
            }
        }

        if (at is null && ok)
        {
            error(map, path + ".at", "at is required (offset from the scenario start, e.g. 30s)");
            ok = false;
        }

        var (_, errors) = FaultRequestValidator.Validate(request, inventory);
        foreach (var (field, message) in errors)
        {
            error(map, path + "." + field, message);
            ok = false;
        }

        return ok ? new ScenarioStep((int)map.Start.Line, at!.Value, request, note) : null;
    }

    private static string? Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value : null;
}
