namespace Supervision.Collector.Parsing;

/// <summary>
/// The rules a body broke that the parser tolerated (scrape mode): per rule, how often and the first line
/// where it happened, as offsets into the parsed text so recording costs no allocation. Reused per scrape.
/// </summary>
public sealed class ExpositionProblems
{
    private readonly int[] _counts = new int[ExpositionRules.Count];
    private readonly Occurrence[] _first = new Occurrence[ExpositionRules.Count];
    private bool _any;

    /// <summary>Where a rule was first broken: 1-based line and the line's place in the parsed text.</summary>
    /// <param name="Line">1-based line number.</param>
    /// <param name="Start">Offset of the line in the text.</param>
    /// <param name="Length">Length of the line.</param>
    public readonly record struct Occurrence(int Line, int Start, int Length);

    /// <summary>True when any rule was broken.</summary>
    public bool Any => _any;

    /// <summary>How many times <paramref name="rule"/> was broken in the last body.</summary>
    public int Count(ExpositionRule rule) => _counts[(int)rule];

    /// <summary>The first place <paramref name="rule"/> was broken (meaningful when <see cref="Count"/> is positive).</summary>
    public Occurrence First(ExpositionRule rule) => _first[(int)rule];

    /// <summary>Forgets the previous body's problems.</summary>
    public void Clear()
    {
        if (_any)
        {
            Array.Clear(_counts);
            _any = false;
        }
    }

    /// <summary>Records <paramref name="rule"/> as broken at 1-based <paramref name="line"/> of <paramref name="text"/>.</summary>
    public void RecordLine(ExpositionRule rule, ReadOnlySpan<char> text, int line)
    {
        var (start, length) = LineAt(text, line);
        Record(rule, line, start, length);
    }

    /// <summary>Offset and length of 1-based <paramref name="line"/> in <paramref name="text"/> (an empty span past the end).</summary>
    public static (int Start, int Length) LineAt(ReadOnlySpan<char> text, int line)
    {
        var start = 0;
        for (var i = 1; i < line; i++)
        {
            var next = text[start..].IndexOf('\n');
            if (next < 0)
            {
                return (text.Length, 0);
            }

            start += next + 1;
        }

        var end = text[start..].IndexOf('\n');
        return (start, end < 0 ? text.Length - start : end);
    }

    internal void Record(ExpositionRule rule, int line, int start, int length)
    {
        if (_counts[(int)rule]++ == 0)
        {
            _first[(int)rule] = new Occurrence(line, start, length);
        }

        _any = true;
    }
}
