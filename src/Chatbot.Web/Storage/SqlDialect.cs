namespace Chatbot.Web.Storage;

/// <summary>The few places where SQLite and PostgreSQL disagree; stores use these instead of branching.</summary>
public sealed record SqlDialect(StorageProvider Provider, string MigrationFolder)
{
    public static readonly SqlDialect Sqlite = new(StorageProvider.Sqlite, "sqlite");
    public static readonly SqlDialect Postgres = new(StorageProvider.Postgres, "postgres");

    /// <summary>"column is one of @list": Dapper expands lists for SQLite but passes an array to PostgreSQL.</summary>
    public string In(string column, string parameter) =>
        Provider == StorageProvider.Postgres ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";

    public bool IsUniqueViolation(Exception e) => e switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        Npgsql.PostgresException p => p.SqlState == "23505",
        _ => false,
    };
}
