namespace Supervision.Dashboard.Security;

/// <summary>Adds the users file (<c>--users FILE</c> or <c>Dashboard:Security:UsersFile</c>) to the configuration.</summary>
public static class UsersFileConfiguration
{
    /// <summary>Reads the setting from what is configured so far and adds the file; a missing file stops start-up naming it.</summary>
    public static IConfigurationBuilder AddUsersFile(this IConfigurationManager configuration, string[] args, IDictionary<string, string> switchMappings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[SecurityOptions.Section + ":" + nameof(SecurityOptions.UsersFile)];
        if (string.IsNullOrWhiteSpace(path))
        {
            return configuration;
        }

        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions),
                [$"{SecurityOptions.Section}:UsersFile: file '{full}' does not exist"]);
        }

        configuration.AddJsonFile(full, optional: false, reloadOnChange: false);
        // Command-line settings keep the last word over the file.
        configuration.AddCommandLine(args, switchMappings);
        return configuration;
    }
}
