using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Supervision.Dashboard.Tests.Reports;

/// <summary>Reads back what a test needs from a PDF that Chromium (Skia) wrote: its document title and its pages' size.</summary>
internal static partial class ReportPdf
{
    /// <summary>The document information's /Title (Skia writes it as UTF-16 hex with a byte-order mark).</summary>
    public static string Title(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var match = TitlePattern().Match(text);
        Assert.True(match.Success, "the PDF has no /Title <hex> in its document information");
        var bytes = Convert.FromHexString(match.Groups[1].Value);
        return bytes is [0xFE, 0xFF, ..] ? Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2) : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Width and height in points of every page's MediaBox.</summary>
    public static IReadOnlyList<(double Width, double Height)> PageSizes(byte[] pdf) =>
        MediaBoxPattern().Matches(Encoding.Latin1.GetString(pdf))
            .Select(m => (double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) - double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) - double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>Asserts an A4 portrait page (210 × 297 mm = 595 × 842 pt, within a point).</summary>
    public static void AssertA4(byte[] pdf)
    {
        var sizes = PageSizes(pdf);
        Assert.NotEmpty(sizes);
        Assert.All(sizes, s =>
        {
            Assert.InRange(s.Width, 594, 596.5);
            Assert.InRange(s.Height, 841, 843);
        });
    }

    [GeneratedRegex(@"/Title\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s*\]")]
    private static partial Regex MediaBoxPattern();
}
