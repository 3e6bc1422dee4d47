namespace Supervision.Dashboard.Summaries;

/// <summary>Finds a configured data file: as given, else beside the program (the build copies config/ there).</summary>
public static class ConfigFile
{
    /// <summary>The full path of an existing file, or null.</summary>
    public static string? Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (File.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        if (!Path.IsPathRooted(path))
        {
            var beside = Path.Combine(AppContext.BaseDirectory, path);
            if (File.Exists(beside))
            {
                return beside;
            }
        }

        return null;
    }
}
