using System.Globalization;
using System.Text;

namespace Supervision.Tools.Map;

/// <summary>
/// Matches the source's provinces (the 63 before 1 July 2025, by <c>shapeName</c>) to the names in
/// <c>merged_from</c>: names are compared without diacritics, case or "TP." / "Tỉnh" prefixes, because the two
/// tables spell tone marks differently ("Hoà"/"Hòa") and the source writes "TP. Hồ Chí Minh". The few names that
/// differ in more than spelling are listed in <see cref="Aliases"/>.
/// </summary>
public static class SourceMatcher
{
    /// <summary>
    /// Source names that are not the former province's name: the source keeps Côn Đảo (a district of Bà Rịa - Vũng
    /// Tàu) as a shape of its own, and Huế was Thừa Thiên Huế until it became a city in 2025.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["con dao"] = "ba ria - vung tau",
        ["thua thien hue"] = "hue",
    };

    private static readonly string[] Prefixes = ["tp. ", "tp ", "thanh pho ", "tinh "];

    /// <summary>The comparison key of a province name: ASCII, lower case, single spaces, no administrative prefix.</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c switch { 'đ' => 'd', 'Đ' => 'd', _ => char.ToLowerInvariant(c) });
        }

        var key = string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var prefix in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                key = key[prefix.Length..];
            }
        }

        return Aliases.GetValueOrDefault(key, key);
    }
}
