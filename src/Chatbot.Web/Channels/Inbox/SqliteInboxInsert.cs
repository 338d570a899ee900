using System.Data.Common;
using System.Runtime.CompilerServices;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>The webhook's insert on SQLite, the hottest statement there is: prepared once per connection and reused
/// (the group-commit writer runs a whole batch of webhooks on one connection), where Dapper would parse the SQL and
/// build the parameters again for every event. Times are stored as <see cref="DateTimeOffsetHandler"/> stores them.</summary>
internal static class SqliteInboxInsert
{
    const string Insert = """
        INSERT INTO inbox_events (platform, account_id, user_id, conversation_key, kind, dedupe_key, payload,
                                  event_at, received_at, next_attempt_at, state, last_error, trace_parent)
        VALUES (@Platform, @AccountId, @UserId, @ConversationKey, @Kind, @DedupeKey, @Payload, @EventAt, @now, @now, @State, @Problem, @trace)
        ON CONFLICT (dedupe_key) DO NOTHING
        """;

    static readonly ConditionalWeakTable<DbConnection, DbCommand> Prepared = new();
    static readonly string[] Names = ["Platform", "AccountId", "UserId", "ConversationKey", "Kind", "DedupeKey", "Payload", "EventAt", "now", "State", "Problem", "trace"];

    public static async Task<int> RunAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<NewInboxEvent> events,
        DateTimeOffset now, string? trace, CancellationToken ct)
    {
        var cmd = Prepared.GetValue(conn, Create);
        cmd.Transaction = tx;
        var p = cmd.Parameters;
        p[8].Value = DateTimeOffsetHandler.SqliteText(now);
        p[11].Value = (object?)trace ?? DBNull.Value;
        var added = 0;
        foreach (var e in events)
        {
            p[0].Value = e.Platform;
            p[1].Value = e.AccountId;
            p[2].Value = e.UserId;
            p[3].Value = e.ConversationKey;
            p[4].Value = e.Kind;
            p[5].Value = e.DedupeKey;
            p[6].Value = e.Payload;
            p[7].Value = DateTimeOffsetHandler.SqliteText(e.EventAt);
            p[9].Value = e.State;
            p[10].Value = (object?)e.Problem ?? DBNull.Value;
            added += await cmd.ExecuteNonQueryAsync(ct);
        }
        return added;
    }

    static DbCommand Create(DbConnection conn)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = Insert;
        foreach (var name in Names)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.DbType = System.Data.DbType.String;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
