using System.Net.Sockets;

namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// With <c>Alerting:Storage=Postgres</c>, start-up stops (exit 2) unless the settings hold, the database is reachable
/// with the given credentials and its schema is up to date. The settings are validated as options; the database is
/// checked and migrated when its data source is first made (<see cref="OpenMigrated"/>), which happens while the
/// host builds its hosted services — before options validation runs — so both fail with an
/// <see cref="OptionsValidationException"/> that names the setting to fix, not a stack trace at 3 a.m.
/// </summary>
internal sealed class PostgresStartupCheck : IValidateOptions<AlertingOptions>
{
    private const string Setting = "Alerting:Postgres:ConnectionString";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Storage != StorageKind.Postgres)
        {
            return ValidateOptionsResult.Success;
        }

        var o = options.Postgres;
        var errors = new List<string>();
        if (o.PipelineTickInterval <= TimeSpan.Zero) { errors.Add("Alerting:Postgres:PipelineTickInterval must be positive"); }
        if (o.HealthInterval <= TimeSpan.Zero) { errors.Add("Alerting:Postgres:HealthInterval must be positive"); }
        if (o.CheckinInterval <= TimeSpan.Zero) { errors.Add("Alerting:Postgres:CheckinInterval must be positive"); }
        if (o.CheckinMisfireThreshold < o.CheckinInterval) { errors.Add("Alerting:Postgres:CheckinMisfireThreshold must be at least CheckinInterval"); }
        if (string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            errors.Add($"{Setting} is required when Alerting:Storage is Postgres");
            return ValidateOptionsResult.Fail(errors);
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    /// <summary>The shared database's data source, reachable and migrated; throws <see cref="OptionsValidationException"/> naming the setting.</summary>
    public static NpgsqlDataSource OpenMigrated(string connectionString, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        NpgsqlDataSource dataSource;
        NpgsqlConnectionStringBuilder cs;
        try
        {
            cs = new NpgsqlConnectionStringBuilder(connectionString);
            dataSource = NpgsqlDataSource.Create(cs);
        }
        catch (ArgumentException ex)
        {
            throw Invalid($"{Setting} is not a valid connection string: {ex.Message}");
        }

        var error = Migrate(dataSource, cs, loggers.CreateLogger(typeof(PostgresMigrator)));
        if (error is not null)
        {
            dataSource.Dispose();
            throw Invalid(error);
        }

        return dataSource;
    }

    private static OptionsValidationException Invalid(string message) =>
        new(nameof(AlertingOptions.Postgres), typeof(AlertingOptions), [message]);

    private static string? Migrate(NpgsqlDataSource dataSource, NpgsqlConnectionStringBuilder cs, ILogger logger)
    {
        var where = $"{cs.Host}:{cs.Port}/{cs.Database}";
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            // Made once while the host is built, on its thread, before anything else touches the database.
            PostgresMigrator.MigrateAsync(dataSource, logger, cts.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return $"{Setting}: PostgreSQL at {where} refused user '{cs.Username}' (wrong credentials: {ex.MessageText})";
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidCatalogName)
        {
            return $"{Setting}: database '{cs.Database}' does not exist on {cs.Host}:{cs.Port}";
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege)
        {
            return $"{Setting}: user '{cs.Username}' may not create the schema in {where} ({ex.MessageText}); grant it CREATE on the database's schema, or run the first start as the owner";
        }
        catch (PostgresException ex)
        {
            return $"{Setting}: PostgreSQL at {where} failed the schema migration: {ex.SqlState} {ex.MessageText}";
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or OperationCanceledException)
        {
            return $"{Setting}: cannot reach PostgreSQL at {where}: {ex.GetBaseException().Message}";
        }
    }
}
