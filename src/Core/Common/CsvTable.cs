namespace Supervision.Core.Common;

/// <summary>
/// A small reader for the project's data tables (comma-separated, header row, optional double-quoted
/// fields with <c>""</c> escapes). Each row keeps its 1-based line number so errors can name it.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string path, string[] header, List<CsvRow> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            _columns[header[i]] = i;
        }
    }

    /// <summary>The file the table was read from.</summary>
    public string Path { get; }

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows.</summary>
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Reads a file; throws <see cref="FormatException"/> naming file:line for a malformed row.</summary>
    public static CsvTable Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        string? line;
        var lineNumber = 0;
        string[]? header = null;
        var rows = new List<CsvRow>();
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line, path, lineNumber);
            if (header is null)
            {
                header = fields;
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new FormatException($"{path}:{lineNumber}: expected {header.Length} fields, found {fields.Length}");
            }

            rows.Add(new CsvRow(lineNumber, fields));
        }

        if (header is null)
        {
            throw new FormatException($"{path}:1: empty file, expected a header row");
        }

        return new CsvTable(path, header, rows);
    }

    /// <summary>The index of a column; throws naming the file when it is missing.</summary>
    public int Column(string name) =>
        _columns.TryGetValue(name, out var index)
            ? index
            : throw new FormatException($"{Path}:1: missing column '{name}'");

    private static string[] Split(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (inQuotes)
        {
            throw new FormatException($"{path}:{lineNumber}: unterminated quoted field");
        }

        fields.Add(current.ToString());
        return fields.ToArray();
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Fields">The field values.</param>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>The value of column <paramref name="index"/>.</summary>
    public string this[int index] => Fields[index];
}
