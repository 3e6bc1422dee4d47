namespace Supervision.Testing;

/// <summary>Locates the repository (the folder holding Supervision.sln) and the shared data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>A path inside the repository.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The shipped national inventory.</summary>
    public static string NationalInventory => Combine("inventory", "national.yaml");

    /// <summary>The holiday table.</summary>
    public static string Holidays => Combine("config", "vn-holidays.csv");

    /// <summary>The shared unit tables (../shared/data), when present beside the repository.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Supervision.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Supervision.sln not found above {AppContext.BaseDirectory}");
    }
}
