using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>"xóa dữ liệu của tôi": the citizen's raw events, conversation flags, reply log and sandbox replies.</summary>
internal sealed class InboxEraser(IDbWriter writer) : IPersonalDataEraser
{
    public Task EraseAsync(string channel, string userId, CancellationToken ct) => writer.WriteAsync(async (conn, tx, token) =>
    {
        foreach (var sql in new[]
                 {
                     "DELETE FROM inbox_events WHERE platform = @channel AND user_id = @userId",
                     "DELETE FROM channel_conversations WHERE platform = @channel AND user_id = @userId",
                     "DELETE FROM outbound_log WHERE platform = @channel AND recipient = @userId",
                     "DELETE FROM sandbox_outbox WHERE kind = 'reply' AND recipient = @userId",
                 })
            await conn.ExecuteAsync(new CommandDefinition(sql, new { channel, userId }, tx, cancellationToken: token));
        return 0;
    }, ct);
}
