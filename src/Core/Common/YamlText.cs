using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Supervision.Core.Common;

/// <summary>
/// Loads a YAML stream for the project's loaders, turning every way YamlDotNet fails on malformed text into
/// a line and a message: its own <see cref="YamlException"/>, and the <see cref="ArgumentException"/> and
/// <see cref="InvalidOperationException"/> some malformed inputs raise from inside its parser (found by
/// fuzzing: a stray ':' line, an unclosed flow collection).
/// </summary>
public static class YamlText
{
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
            // No mark on these: the last event parsed is the closest place to name.
            (line, message) = ((int)(parser.Current?.End.Line ?? 1), "malformed YAML near this line (unclosed bracket or quote, stray ':'?)");
        }

        return false;
    }
}
