using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Desk;

/// <summary>
/// "xóa dữ liệu của tôi": what the citizen wrote to staff, and the bot's lines copied into their threads, go; the
/// threads stay closed and anonymous (the ward's counts and the officers' own answers remain, as for other statistics).
/// </summary>
internal sealed class DeskEraser(IDbWriter writer, AuditLog audit, TimeProvider clock) : IPersonalDataEraser
{
    public async Task EraseAsync(string channel, string userId, CancellationToken ct)
    {
        // A thread a person still owns is closed now, by the citizen, and audited: with their words gone there is nothing
        // left to answer and no one to answer to, so the bot owns the conversation again (as a new visitor).
        var closed = await writer.WriteAsync(async (conn, tx, token) =>
        {
            var args = new { channel, userId, now = clock.GetUtcNow() };
            var live = (await conn.QueryAsync<LiveThread>(new CommandDefinition(
                "SELECT id AS Id, ward_id AS WardId FROM desk_threads WHERE channel = @channel AND user_id = @userId AND state <> 'closed'",
                args, tx, cancellationToken: token))).ToList();
            await conn.ExecuteAsync(new CommandDefinition("""
                DELETE FROM desk_messages WHERE author IN ('citizen', 'bot')
                  AND thread_id IN (SELECT id FROM desk_threads WHERE channel = @channel AND user_id = @userId)
                """, args, tx, cancellationToken: token));
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE faq_drafts SET question = '(đã xóa theo yêu cầu của người dân)'
                WHERE thread_id IN (SELECT id FROM desk_threads WHERE channel = @channel AND user_id = @userId)
                """, args, tx, cancellationToken: token));
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE desk_threads SET user_id = 'erased', conversation_id = 'erased:' || CAST(id AS TEXT), account_id = NULL,
                       state = 'closed', closed_at = COALESCE(closed_at, @now), closed_by = COALESCE(closed_by, 'người dân')
                WHERE channel = @channel AND user_id = @userId
                """, args, tx, cancellationToken: token));
            return live;
        }, ct);
        foreach (var thread in closed)
            await audit.WriteAsync(DeskOwner.Citizen, "desk.erased", $"thread:{thread.Id}", thread.WardId, "người dân xóa dữ liệu của mình", ct);
    }

    sealed record LiveThread(long Id, string? WardId);
}
