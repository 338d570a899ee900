using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Desk;

/// <summary>
/// "xóa dữ liệu của tôi": what the citizen wrote to staff, and the bot's lines copied into their threads, go; the
/// threads stay closed and anonymous (the ward's counts and the officers' own answers remain, as for other statistics).
/// </summary>
internal sealed class DeskEraser(IDbWriter writer) : IPersonalDataEraser
{
    public Task EraseAsync(string channel, string userId, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var args = new { channel, userId };
            await conn.ExecuteAsync(new CommandDefinition("""
                DELETE FROM desk_messages WHERE author IN ('citizen', 'bot')
                  AND thread_id IN (SELECT id FROM desk_threads WHERE channel = @channel AND user_id = @userId)
                """, args, tx, cancellationToken: token));
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE faq_drafts SET question = '(đã xóa theo yêu cầu của người dân)'
                WHERE thread_id IN (SELECT id FROM desk_threads WHERE channel = @channel AND user_id = @userId)
                """, args, tx, cancellationToken: token));
            return await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE desk_threads SET user_id = 'erased', conversation_id = 'erased:' || CAST(id AS TEXT), account_id = NULL,
                       state = 'closed', closed_at = COALESCE(closed_at, requested_at), closed_by = COALESCE(closed_by, 'người dân')
                WHERE channel = @channel AND user_id = @userId
                """, args, tx, cancellationToken: token));
        }, ct);
}
