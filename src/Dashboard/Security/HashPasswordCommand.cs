namespace Supervision.Dashboard.Security;

/// <summary>
/// <c>Supervision.Dashboard hash-password</c>: reads a password from standard input (one line; not from the
/// command line, which would leave it in the shell history) and prints its PBKDF2 hash for
/// <c>Dashboard:Security:Users:N:PasswordHash</c>.
/// </summary>
public static class HashPasswordCommand
{
    /// <summary>The verb.</summary>
    public const string Verb = "hash-password";

    /// <summary>Runs the verb; exit code 0, or 2 with a message for an empty password.</summary>
    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var password = input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("hash-password: give the password on standard input, e.g.  read -rs p; printf '%s\\n' \"$p\" | dotnet Supervision.Dashboard.dll hash-password");
            return 2;
        }

        output.WriteLine(PasswordHashing.Hash(password));
        return 0;
    }
}
