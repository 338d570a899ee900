using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Quiz;

/// <summary>
/// "xóa dữ liệu của tôi": the citizen's answers are deleted and their attempts lose the channel user id (replaced by a
/// random one), so ward and team totals stay right while nothing points back to the person. Running it twice is a no-op.
/// </summary>
internal sealed class QuizPersonalData(IDbWriter writer) : IPersonalDataEraser
{
    public Task EraseAsync(string channel, string userId, CancellationToken ct) => writer.WriteAsync(async (conn, tx, token) =>
    {
        var player = new { channel, userId, erased = "erased-" + Guid.NewGuid().ToString("N") };
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM quiz_answers WHERE attempt_id IN
                (SELECT id FROM quiz_attempts WHERE channel = @channel AND user_id = @userId)
            """, player, tx, cancellationToken: token));
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE quiz_attempts SET user_id = @erased WHERE channel = @channel AND user_id = @userId",
            player, tx, cancellationToken: token));
    }, ct);
}
