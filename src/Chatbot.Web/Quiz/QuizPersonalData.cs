using Chatbot.Web.Conversations;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Quiz;

/// <summary>
/// "xóa dữ liệu của tôi": the citizen's answers are deleted and their attempts lose the channel user id (replaced by a
/// random one), so ward and team totals stay right while nothing points back to the person. Running it twice is a no-op.
/// </summary>
internal sealed class QuizPersonalData(IDbConnectionFactory db) : IPersonalDataEraser
{
    public async Task EraseAsync(string channel, string userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var player = new { channel, userId, erased = "erased-" + Guid.NewGuid().ToString("N") };
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM quiz_answers WHERE attempt_id IN
                (SELECT id FROM quiz_attempts WHERE channel = @channel AND user_id = @userId)
            """, player, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE quiz_attempts SET user_id = @erased WHERE channel = @channel AND user_id = @userId",
            player, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
