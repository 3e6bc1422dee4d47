namespace Supervision.Simulator.Hosting;

/// <summary>
/// Resolves the relative file paths of the settings: against the working directory first, then against
/// the folders above the executable, so <c>inventory/national.yaml</c> is found whether the simulator is
/// started from the repository root or from its build output.
/// </summary>
internal static class PathResolver
{
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return path;
    }
}
