namespace Supervision.Dashboard.Boards;

/// <summary>Boards as code (section <c>Dashboard:Boards</c>).</summary>
public sealed class BoardsOptions
{
    /// <summary>Folder of <c>*.json</c> board files (default <c>dashboards</c>: the working directory's, else the one beside the binaries).</summary>
    public string Directory { get; set; } = "dashboards";
}
