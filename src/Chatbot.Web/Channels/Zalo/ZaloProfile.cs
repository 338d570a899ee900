namespace Chatbot.Web.Channels.Zalo;

/// <summary>What the rest of the service knows about a Zalo Official Account (platforms.md §1, §4.2).</summary>
internal static class ZaloProfile
{
    public static readonly PlatformId Id = new("zalo");

    public static readonly PlatformProfile Value = new()
    {
        Id = Id,
        DisplayName = "Zalo OA",
        ChatName = "Zalo",
        // CS (tư vấn) messages go up to 7 days after the citizen's last message, then -230 (§1.5).
        ReplyWindow = TimeSpan.FromDays(7),
        // Only while free: 8 CS messages within 48 h of the citizen's last message; later ones are paid, and a public service
        // does not spend money silently (§1.5). The count is kept by ZaloCsQuota.
        Push = new PushRule.Free(ZaloCsQuota.FreeWindow, ZaloCsQuota.FreeMessages, "Zalo: ngoài 48 giờ", "Zalo: hết 8 tin miễn phí"),
        SubscribeNote = "Tin mới gửi qua Zalo trong 7 ngày kể từ lần bạn nhắn gần nhất; mọi tin đều có trên Zalo OA của phường.",
        // Text 2,000; at most 5 buttons (§1.4), titles cut to 20 like Messenger's (the limit is undocumented [U]).
        Limits = new MessageLimits(Text: ZaloMessages.MaxText, Buttons: ZaloMessages.MaxButtons, Label: ZaloMessages.MaxButtonTitle),
        // Zalo allows 4,000 calls/min per app (§1.7); replies share it.
        Rate = new SendRate(50, RateScope.App),
        UnitData = new UnitData(AccountKey: "oa_id", NameKey: "oa_name"),
        // zalo.me/<OA id> opens the OA; no documented parameter reaches the webhook, so the citizen types the code (§4.2).
        ChatLink = (channel, _) => new Uri($"https://zalo.me/{channel.AccountId}"),
        ChatLinkCarriesRef = false,
        ChatLinkLabel = "Mở Zalo OA",
        // The only documented Zalo text limit is the 2,000-character chat message (§1.4 [S]); article limits are not (§1.6 [U]).
        Posts = new PostLimit(2_000, "chọn cho Zalo"),
        TokenRejectedReason = "access token rejected and no refresh token",
        ExplainError = ZaloErrors.Explain,
    };
}
