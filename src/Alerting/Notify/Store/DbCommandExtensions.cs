using System.Data;

namespace Supervision.Alerting.Notify.Store;

/// <summary>Parameters for SQL run on SQLite or PostgreSQL (<c>@name</c> placeholders, which both drivers read).</summary>
internal static class DbCommandExtensions
{
    /// <summary>Adds <paramref name="value"/>; a null is sent as a typed NULL, because PostgreSQL cannot infer an untyped one everywhere.</summary>
    public static DbParameter Param(this DbCommand command, string name, object? value, DbType type)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }

    public static DbParameter Param(this DbCommand command, string name, string? value) => command.Param(name, value, DbType.String);

    public static DbParameter Param(this DbCommand command, string name, long? value) => command.Param(name, value, DbType.Int64);

    public static DbParameter Param(this DbCommand command, string name, int? value) => command.Param(name, value, DbType.Int32);
}
