using Chatbot.Web.Channels;
using Chatbot.Web.Staff;

namespace Chatbot.Web.Desk;

/// <summary>
/// Staff typed to a citizen in the Page inbox or the OA's own chat (an echo we did not send): that counts as a person
/// owning the conversation, so a thread opens (or the live one gets the line), already "open" and answered, and shows in
/// our inbox; the bot stays silent there until someone closes it or the citizen types «menu».
/// </summary>
internal sealed class EchoTakeover(DeskThreads threads, AuditLog audit) : IStaffTakeover
{
    public const string Origin = "echo";

    public async Task TakeOverAsync(StaffTakeover t, CancellationToken ct)
    {
        var (thread, opened) = await threads.OpenAsync(
            new NewThread(t.Channel, t.ConversationKey, t.UserId, t.AccountId, t.WardId, Origin, t.At, []), ThreadStates.Open, null, ct);
        await threads.AddAnsweredElsewhereAsync(thread.Id, Authors.Platform, t.Text.Length > 0 ? t.Text : "(tin không có chữ)", t.At, ct);
        if (opened)
            await audit.WriteAsync("nền tảng", "desk.echo-takeover", $"thread:{thread.Id}", t.WardId,
                "cán bộ trả lời trong hộp thư của nền tảng; trợ lý tự động im lặng", ct);
    }
}
