using Chatbot.Web.Channels;
using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Subscriptions;

/// <summary>
/// "Nhận tin của phường" (menu dialog id <c>subscribe</c>): asks the ward once (choose-ward), then subscribes this
/// channel user to it, telling them when news can reach them on this platform (its profile's note). "Hủy đăng ký" — here
/// or anywhere in the conversation (<see cref="UnsubscribeTrigger"/>) — stops it.
/// </summary>
public sealed class SubscribeDialog(SubscriptionStore subscriptions, UnitDirectory units, Platforms platforms,
    ChannelDirectory channels) : IDialog
{
    /// <summary>The public web chat (Conversations/WebChatEndpoints.cs): a page cannot be sent news, so it never subscribes.</summary>
    const string WebChannel = "webchat";

    public const string DialogId = "subscribe";
    public const string UnsubscribeLabel = "Hủy đăng ký";
    public string Id => DialogId;

    public async Task BeginAsync(DialogContext dc, string? options, CancellationToken ct)
    {
        if (dc.User.WardId is null)
        {
            await dc.BeginAsync(ChooseWardDialog.DialogId, null, ct); // it resumes us with dc.User.WardId set
            return;
        }
        await SubscribeAsync(dc, ct);
    }

    public Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct) => Task.FromResult(false);

    public async Task ResumeAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.User.WardId is null) { await dc.BeginAsync(ChooseWardDialog.DialogId, null, ct); return; }
        await SubscribeAsync(dc, ct);
    }

    async Task SubscribeAsync(DialogContext dc, CancellationToken ct)
    {
        var ward = units.Find(dc.User.WardId!);
        if (dc.Channel == WebChannel)
        {
            await dc.EndAsync(ct);
            await dc.SendAsync(ElsewhereText(ward?.Name ?? dc.User.WardId!, dc.User.WardId!), [new Choice("Menu", "menu")], ct);
            return;
        }
        await subscriptions.SubscribeAsync(dc.Channel, dc.UserId, dc.User.WardId!, ct);
        await dc.EndAsync(ct);
        var note = platforms.Find(dc.Channel)?.SubscribeNote
                   ?? $"Kênh này không nhận được tin chủ động; bạn xem tin trên {string.Join(" hoặc ", platforms.Publishing.Select(p => p.DisplayName))} của phường nhé.";
        await dc.SendAsync($"Đã đăng ký nhận tin của {ward?.Name ?? dc.User.WardId}. {note} Nhắn «{UnsubscribeLabel}» để ngừng nhận.",
            [Choice.Of(UnsubscribeLabel), new Choice("Menu", "menu")], ct);
    }

    /// <summary>Where the ward's news does reach people: its own channels that publish, each with the link that opens it.</summary>
    string ElsewhereText(string wardName, string wardId)
    {
        var lines = (from p in platforms.Publishing
                     where p.ChatLink is not null
                     from c in channels.ForWard(wardId).Where(c => c.Platform == p.Id)
                     select $"▪ {p.DisplayName} «{c.DisplayName}»: {p.ChatLink!(c, "")}").ToList();
        return lines.Count == 0
            ? $"Trang web này không gửi tin chủ động được, và {wardName} chưa có {string.Join(" hay ", platforms.Publishing.Select(p => p.DisplayName))} trong hệ thống. Bạn xem tin tại bộ phận một cửa của UBND phường nhé."
            : $"Trang web này không gửi tin chủ động được. Để nhận tin của {wardName}, bạn quan tâm (theo dõi) kênh của phường rồi chọn «Nhận tin của phường» ở đó:\n" + string.Join("\n", lines);
    }

    public static async Task UnsubscribeAsync(DialogContext dc, SubscriptionStore subscriptions, CancellationToken ct)
    {
        var removed = await subscriptions.UnsubscribeAsync(dc.Channel, dc.UserId, ct);
        await dc.SendAsync(removed ? "Đã hủy đăng ký. Bạn sẽ không nhận tin của phường nữa." : "Bạn chưa đăng ký nhận tin nên không có gì để hủy.",
            [new Choice("Menu", "menu")], ct);
    }
}

/// <summary>"Hủy đăng ký" / "ngừng nhận tin" from anywhere in the conversation.</summary>
public sealed class UnsubscribeTrigger(SubscriptionStore subscriptions) : ITopicTrigger
{
    static readonly HashSet<string> Phrases = ["huy dang ky", "huy dang ky nhan tin", "ngung nhan tin", "huy nhan tin", "unsubscribe"];
    public int Order => 5;

    public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (!Phrases.Contains(VietnameseText.Fold(text))) return false;
        await SubscribeDialog.UnsubscribeAsync(dc, subscriptions, ct);
        return true;
    }
}
