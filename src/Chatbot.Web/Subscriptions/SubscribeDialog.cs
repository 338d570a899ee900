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
public sealed class SubscribeDialog(SubscriptionStore subscriptions, UnitDirectory units, Platforms platforms) : IDialog
{
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
        await subscriptions.SubscribeAsync(dc.Channel, dc.UserId, dc.User.WardId!, ct);
        await dc.EndAsync(ct);
        var note = platforms.Find(dc.Channel)?.SubscribeNote
                   ?? $"Kênh này không nhận được tin chủ động; bạn xem tin trên {string.Join(" hoặc ", platforms.Publishing.Select(p => p.DisplayName))} của phường nhé.";
        await dc.SendAsync($"Đã đăng ký nhận tin của {ward?.Name ?? dc.User.WardId}. {note} Nhắn «{UnsubscribeLabel}» để ngừng nhận.",
            [Choice.Of(UnsubscribeLabel), new Choice("Menu", "menu")], ct);
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
