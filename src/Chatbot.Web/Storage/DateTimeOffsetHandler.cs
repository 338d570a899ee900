using System.Data;
using System.Globalization;
using Dapper;

namespace Chatbot.Web.Storage;

/// <summary>
/// SQLite has no time type: times are stored as ISO-8601 UTC text, which also sorts correctly.
/// PostgreSQL columns are timestamptz; Npgsql wants UTC DateTimeOffset values there, which this also gives.
/// </summary>
internal sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        // Dapper handlers are process-wide, and tests run both providers in one process: decide per parameter.
        if (parameter is Microsoft.Data.Sqlite.SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = SqliteText(value);
        }
        else
        {
            parameter.Value = value.ToUniversalTime();
        }
    }

    /// <summary>How a time is stored in SQLite (also for code that binds parameters without Dapper).</summary>
    public static string SqliteText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public override DateTimeOffset Parse(object value) => value switch
    {
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => o.ToUniversalTime(),
        _ => throw new DataException($"Cannot read a time from {value.GetType().Name}"),
    };
}
