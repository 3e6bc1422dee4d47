using System.Text;

namespace Supervision.Fuzz;

/// <summary>Writes tokens in afl-fuzz's dictionary syntax.</summary>
internal static class AflDictionary
{
    /// <summary>A token's bytes as they go between the quotes of a dictionary line.</summary>
    public static string Escape(string token)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(token))
        {
            if (b is >= 0x20 and < 0x7F && b != '"' && b != '\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return builder.ToString();
    }
}
