namespace Supervision.Core.Influx;

/// <summary>The answer to an InfluxQL request: one result per statement.</summary>
/// <param name="Statements">Results in statement order.</param>
public sealed record InfluxQueryResult(IReadOnlyList<InfluxStatementResult> Statements)
{
    /// <summary>The first statement's series (the common single-statement case).</summary>
    public IReadOnlyList<InfluxSeries> Series => Statements.Count > 0 ? Statements[0].Series : [];

    /// <summary>Reads InfluxDB's JSON answer.</summary>
    /// <exception cref="InfluxResponseException">The body is not the JSON of a query result.</exception>
    public static InfluxQueryResult Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return ParseDocument(json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // Whatever the shape, the callers' one typed error for InfluxDB trouble (they catch InfluxException).
            throw new InfluxResponseException($"InfluxDB's answer is not a query result ({json.Length} bytes): {ex.Message}", ex);
        }
    }

    private static InfluxQueryResult ParseDocument(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var statements = new List<InfluxStatementResult>();
        if (doc.RootElement.TryGetProperty("results", out var results))
        {
            foreach (var result in results.EnumerateArray())
            {
                var id = result.TryGetProperty("statement_id", out var sid) ? sid.GetInt32() : statements.Count;
                var error = result.TryGetProperty("error", out var e) ? e.GetString() : null;
                var series = new List<InfluxSeries>();
                if (result.TryGetProperty("series", out var seriesArray))
                {
                    foreach (var s in seriesArray.EnumerateArray())
                    {
                        series.Add(ReadSeries(s));
                    }
                }

                statements.Add(new InfluxStatementResult(id, error, series));
            }
        }

        return new InfluxQueryResult(statements);
    }

    private static InfluxSeries ReadSeries(JsonElement s)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (s.TryGetProperty("tags", out var t))
        {
            foreach (var p in t.EnumerateObject())
            {
                tags[p.Name] = p.Value.GetString() ?? string.Empty;
            }
        }

        var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToArray();
        var rows = new List<object?[]>();
        if (s.TryGetProperty("values", out var values))
        {
            foreach (var row in values.EnumerateArray())
            {
                rows.Add(row.EnumerateArray().Select(ToValue).ToArray());
            }
        }

        return new InfluxSeries(s.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty, tags, columns, rows);
    }

    private static object? ToValue(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetInt64(out var l) => l,
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String => v.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}

/// <summary>The result of one statement.</summary>
/// <param name="StatementId">Its index in the request.</param>
/// <param name="Error">InfluxDB's error for this statement, or null.</param>
/// <param name="Series">Its series.</param>
public sealed record InfluxStatementResult(int StatementId, string? Error, IReadOnlyList<InfluxSeries> Series);

/// <summary>One series: a measurement, its group-by tags, columns and rows.</summary>
/// <param name="Name">Measurement name.</param>
/// <param name="Tags">Group-by tags.</param>
/// <param name="Columns">Column names (the first is <c>time</c> for data queries).</param>
/// <param name="Values">Rows: long, double, string, bool or null per column.</param>
public sealed record InfluxSeries(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Values)
{
    /// <summary>Index of a column, or -1.</summary>
    public int ColumnIndex(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A cell as a double (integers widened), or null.</summary>
    public double? Double(int row, string column)
    {
        var index = ColumnIndex(column);
        return index < 0 ? null : Values[row][index] switch
        {
            long l => l,
            double d => d,
            _ => null,
        };
    }

    /// <summary>A cell as a string (numbers formatted invariantly), or null.</summary>
    public string? String(int row, string column)
    {
        var index = ColumnIndex(column);
        return index < 0 ? null : Values[row][index] switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var o => o.ToString(),
        };
    }

    /// <summary>A tag of the series, or null.</summary>
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value : null;
}
