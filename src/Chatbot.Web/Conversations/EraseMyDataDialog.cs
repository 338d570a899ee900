using Chatbot.Web.Storage;
using Chatbot.Web.Content;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Microsoft.Bot.Builder;

namespace Chatbot.Web.Conversations;

/// <summary>
/// "xóa dữ liệu của tôi" (with or without diacritics), from anywhere: asks for confirmation, then calls every
/// <see cref="IPersonalDataEraser"/> and deletes this conversation's and this user's bot state.
/// </summary>
public sealed class EraseMyDataDialog(MenuContent content, IEnumerable<IPersonalDataEraser> erasers,
    ConversationState conversationState, UserState userState) : IDialog, ITopicTrigger
{
    public const string DialogId = "erase-my-data";
    public string Id => DialogId;
    public int Order => 10;
    public bool BeforeActiveDialog => true;

    static readonly HashSet<string> Triggers =
        ["xoa du lieu cua toi", "xoa du lieu", "xoa du lieu cua minh", "xoa thong tin cua toi", "xoa het du lieu cua toi"];
    static readonly HashSet<string> Yes = ["dong y xoa", "dong y", "co", "xoa", "xoa di", "yes", "ok"];
    static readonly HashSet<string> No = ["khong xoa", "thoi"];

    IReadOnlyList<Choice> Choices => [new(content.Text("erase_yes"), content.Text("erase_yes")), new(content.Text("erase_no"), content.Text("erase_no"))];

    /// <summary>The words this dialog answers now: a request to erase, or (while it asks) a yes or no. The bot lets them
    /// through even while a person owns the conversation: privacy words always win.</summary>
    public static bool Claims(DialogContext dc, string text)
    {
        var folded = Folded(text);
        return Triggers.Contains(folded) || dc.Active?.Id == DialogId && (Yes.Contains(folded) || IsNo(text));
    }

    static bool IsNo(string text) => No.Contains(Folded(text)) || TypedNo.Matches(text);

    static string Folded(string text) => VietnameseText.Fold(text).TrimEnd('.', '!', ' ');

    public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (!Triggers.Contains(Folded(text))) return false;
        await dc.BeginAsync(DialogId, null, ct);
        return true;
    }

    public Task BeginAsync(DialogContext dc, string? options, CancellationToken ct) => dc.SendAsync(content.Text("erase_confirm"), Choices, ct);

    public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var folded = Folded(text);
        if (IsNo(text))
        {
            await dc.EndAsync(ct);
            await dc.SendAsync(content.Text("erase_kept"), ct);
            return true;
        }
        if (!Yes.Contains(folded)) return false;
        foreach (var eraser in erasers) await eraser.EraseAsync(dc.Channel, dc.UserId, ct);
        dc.CancelAll();
        await conversationState.DeleteAsync(dc.Turn, ct);
        await userState.DeleteAsync(dc.Turn, ct);
        await dc.SendAsync(content.Text("erase_done"), ct);
        return true;
    }

    public Task ResumeAsync(DialogContext dc, CancellationToken ct) => dc.SendAsync(content.Text("erase_confirm"), Choices, ct);
}
