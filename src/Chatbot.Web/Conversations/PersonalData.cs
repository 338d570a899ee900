namespace Chatbot.Web.Conversations;

/// <summary>
/// A feature that keeps identifiable rows about a citizen (quiz answers, subscriptions...). "xóa dữ liệu của tôi" calls
/// every registered eraser; aggregates may stay, anonymised. Implementations must be idempotent.
/// </summary>
public interface IPersonalDataEraser
{
    /// <param name="channel">Bot Framework channel id (e.g. "facebook", "zalo", "emulator", "webchat").</param>
    /// <param name="userId">The channel's user id (PSID, Zalo user id, web chat id).</param>
    Task EraseAsync(string channel, string userId, CancellationToken ct);
}
