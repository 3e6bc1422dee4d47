using System.Collections;
using System.Reflection;

namespace Supervision.Core.Hosting;

/// <summary>
/// Data annotations of the options objects nested in a service's options, each failure named by its full key
/// (<c>Collector:Write:Concurrency: …</c>). <c>ValidateDataAnnotations()</c> checks only the top level, so a nested
/// <c>[Range(1, 64)]</c> used to let <c>Concurrency=0</c> start a collector with no writer.
/// </summary>
public static class NestedValidation
{
    /// <summary>
    /// Every failing annotation of the objects below <paramref name="options"/> (in lists and dictionaries too), named
    /// under <paramref name="section"/>; the top level is left to <c>ValidateDataAnnotations()</c>.
    /// </summary>
    public static IReadOnlyList<string> Validate(object options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        WalkChildren(options, section, failures, depth: 0);
        return failures;
    }

    private static void Walk(object value, string path, List<string> failures, int depth)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? string.Join(",", result.MemberNames) : "?";
            failures.Add($"{path}:{members}: {result.ErrorMessage}");
        }

        WalkChildren(value, path, failures, depth);
    }

    private static void WalkChildren(object value, string path, List<string> failures, int depth)
    {
        if (depth > 8)
        {
            return; // options are trees a few levels deep; a cycle is not an options object
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead || !IsOptionsType(property.PropertyType) && !IsCollection(property.PropertyType))
            {
                continue;
            }

            switch (property.GetValue(value))
            {
                case null:
                    break;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Value is { } item && IsOptionsType(item.GetType()))
                        {
                            Walk(item, $"{path}:{property.Name}:{entry.Key}", failures, depth + 1);
                        }
                    }

                    break;
                case IEnumerable list and not string:
                    var index = 0;
                    foreach (var item in list)
                    {
                        if (item is not null && IsOptionsType(item.GetType()))
                        {
                            Walk(item, $"{path}:{property.Name}:{index}", failures, depth + 1);
                        }

                        index++;
                    }

                    break;
                case { } nested when IsOptionsType(nested.GetType()):
                    Walk(nested, $"{path}:{property.Name}", failures, depth + 1);
                    break;
            }
        }
    }

    // The project's own option classes; framework types (Uri, TimeSpan, strings) carry no annotations to check.
    private static bool IsOptionsType(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Supervision.", StringComparison.Ordinal) == true;

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}
