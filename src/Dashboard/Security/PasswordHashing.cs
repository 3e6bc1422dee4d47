namespace Supervision.Dashboard.Security;

/// <summary>
/// PBKDF2 password hashes in one self-describing text form, <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and
/// hash base64), so the iteration count can grow later without breaking stored hashes. Produce them with
/// <c>Supervision.Dashboard hash-password</c> (docs/security.md).
/// </summary>
public static class PasswordHashing
{
    /// <summary>Scheme prefix of the text form.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations of new hashes: ASP.NET Core Identity's v3 count; a sign-in costs tens of milliseconds.</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>Fewest iterations a configured hash may carry (tests use this to stay fast).</summary>
    public const int MinimumIterations = 10_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Checks a password against a stored hash in constant time; a malformed hash never verifies.</summary>
    public static bool Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected, out _))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Parses the text form; <paramref name="error"/> says what is wrong (for start-up validation).</summary>
    public static bool TryParse(string? text, out int iterations, out byte[] salt, out byte[] hash, out string error)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = (text ?? string.Empty).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            error = $"expected '{Scheme}$ITERATIONS$SALT$HASH' (make one with: Supervision.Dashboard hash-password)";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < MinimumIterations)
        {
            error = $"iterations '{parts[1]}' must be a number of at least {MinimumIterations}";
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            error = "salt or hash is not base64";
            return false;
        }

        if (salt.Length < 8 || hash.Length < 16)
        {
            error = "salt or hash is too short";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
