namespace Chatbot.Web.Storage;

/// <summary>
/// A feature that keeps identifiable rows about a citizen (quiz answers, subscriptions...). "xóa dữ liệu của tôi" calls
/// every registered eraser; aggregates may stay, anonymised. Implementations must be idempotent. It sits with storage
/// because every feature that keeps rows implements it (the chat, quizzes, questions, channels, subscriptions).
/// </summary>
public interface IPersonalDataEraser
{
    /// <param name="channel">Bot Framework channel id (e.g. "webchat", "emulator", or a platform's id).</param>
    /// <param name="userId">The channel's user id (PSID, Zalo user id, web chat id).</param>
    Task EraseAsync(string channel, string userId, CancellationToken ct);
}
