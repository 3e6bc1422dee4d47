namespace Supervision.Core.InventoryFiles;

/// <summary>One mistake in an inventory file.</summary>
/// <param name="File">The file's path as given to the loader.</param>
/// <param name="Line">1-based line of the offending node.</param>
/// <param name="Field">Where in the document: e.g. <c>units[12].province</c>.</param>
/// <param name="Message">What is wrong and, where it helps, what is expected.</param>
public sealed record InventoryError(string File, int Line, string Field, string Message)
{
    /// <summary><c>file:line: field: message</c>, the form editors and CI logs link to.</summary>
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}

/// <summary>The outcome of loading an inventory: either an inventory, or every error found, never both.</summary>
/// <param name="Inventory">The loaded inventory, null when any error was found.</param>
/// <param name="Errors">Every error, in file order.</param>
public sealed record InventoryLoadResult(Domain.Inventory? Inventory, IReadOnlyList<InventoryError> Errors)
{
    /// <summary>True when the file loaded without errors.</summary>
    public bool Success => Inventory is not null;
}
