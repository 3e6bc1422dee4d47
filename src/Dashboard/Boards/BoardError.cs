namespace Supervision.Dashboard.Boards;

/// <summary>One problem in a board file: the file, the JSON path (and line for syntax errors) and the reason.</summary>
/// <param name="File">The file.</param>
/// <param name="Path">JSON path, e.g. <c>$.panels[2].kind</c>.</param>
/// <param name="Message">What is wrong and what is expected.</param>
/// <param name="Line">1-based line for syntax errors, or null.</param>
public sealed record BoardError(string File, string Path, string Message, long? Line = null)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Path}: {Message}" : $"{File}: {Path}: {Message}";
}

/// <summary>The outcome of loading one file: the board, or the errors (never both).</summary>
/// <param name="Board">The board when the file is valid.</param>
/// <param name="Errors">Every problem found.</param>
public sealed record BoardLoadResult(BoardDefinition? Board, IReadOnlyList<BoardError> Errors);
