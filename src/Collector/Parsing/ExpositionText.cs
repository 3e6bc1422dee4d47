namespace Supervision.Collector.Parsing;

/// <summary>
/// Turns an exposition's bytes into text for the strict parser: both formats are UTF-8 and the reference
/// parsers refuse invalid sequences, so an invalid byte is an error naming its line instead of the
/// replacement character the scrape path lets through.
/// </summary>
public static class ExpositionText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="bytes"/>, or the line of the first invalid UTF-8 sequence.</summary>
    public static (string? Text, ParseError? Error) Decode(ReadOnlySpan<byte> bytes)
    {
        var invalidAt = FirstInvalid(bytes);
        if (invalidAt < 0)
        {
            return (Strict.GetString(bytes), null);
        }

        var line = bytes[..invalidAt].Count((byte)'\n') + 1;
        return (null, new ParseError(line, ExpositionRule.Utf8, $"invalid UTF-8 at byte {invalidAt}"));
    }

    /// <summary>Offset of the first invalid UTF-8 sequence, or -1 (cheap: vectorised validation first).</summary>
    public static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }
}
