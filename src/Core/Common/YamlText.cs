using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Supervision.Core.Common;

/// <summary>
/// The one way the project's loaders read YAML (inventory, rules, notifications, simulator scenarios), turning every
/// way YamlDotNet fails on malformed text into a line and a message: its own <see cref="YamlException"/>, and the
/// <see cref="ArgumentException"/> and <see cref="InvalidOperationException"/> some malformed inputs raise from inside
/// its parser (found by fuzzing: a stray ':' line, an unclosed flow collection).
/// </summary>
public static class YamlText
{
    /// <summary>
    /// Deserializes <paramref name="text"/> into <typeparamref name="T"/> with <paramref name="deserializer"/>; false with the
    /// 1-based line and a message when the text is not YAML or does not fit the type (an unknown key, a wrong scalar).
    /// </summary>
    public static bool TryDeserialize<T>(IDeserializer deserializer, string text, out T? value, out int line, out string message)
    {
        ArgumentNullException.ThrowIfNull(deserializer);
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        try
        {
            value = deserializer.Deserialize<T>(parser);
            (line, message) = (0, string.Empty);
            return true;
        }
        catch (YamlException ex)
        {
            // The type's complaint (e.g. "Property 'group_wiat' not found") is the outer message; the inner one says why
            // a scalar did not convert.
            (line, message) = ((int)ex.Start.Line, WithoutMark(ex.Message) + (ex.InnerException is { } inner ? $" ({inner.Message})" : string.Empty));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            (line, message) = (Near(parser), Malformed);
        }

        value = default;
        return false;
    }

    /// <summary>Loads <paramref name="reader"/>; false with the 1-based line and a message when the text is not YAML.</summary>
    public static bool TryLoad(TextReader reader, out YamlStream stream, out int line, out string message)
    {
        ArgumentNullException.ThrowIfNull(reader);
        stream = new YamlStream();
        var parser = new Parser(reader);
        try
        {
            stream.Load(parser);
            (line, message) = (0, string.Empty);
            return true;
        }
        catch (YamlException ex)
        {
            (line, message) = ((int)ex.Start.Line, ex.InnerException?.Message ?? ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            (line, message) = (Near(parser), Malformed);
        }

        return false;
    }

    private const string Malformed = "malformed YAML near this line (unclosed bracket or quote, stray ':'?)";

    // No mark on these exceptions: the last event parsed is the closest place to name.
    private static int Near(Parser parser) => (int)(parser.Current?.End.Line ?? 1);

    // YamlDotNet prefixes "(Line: 3, Col: 3, Idx: 25) - (Line: 3, Col: 13, Idx: 35): "; the caller names the line itself.
    private static string WithoutMark(string message)
    {
        if (!message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            return message;
        }

        var end = message.IndexOf("): ", message.LastIndexOf("(Line:", StringComparison.Ordinal), StringComparison.Ordinal);
        return end < 0 ? message : message[(end + 3)..];
    }
}
