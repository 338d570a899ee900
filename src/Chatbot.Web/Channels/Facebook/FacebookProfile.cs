namespace Chatbot.Web.Channels.Facebook;

/// <summary>What the rest of the service knows about Messenger and Facebook Pages (platforms.md §2–§4).</summary>
internal static class FacebookProfile
{
    public static readonly PlatformId Id = new("facebook");

    public static readonly PlatformProfile Value = new()
    {
        Id = Id,
        DisplayName = "Trang Facebook",
        ChatName = "Messenger",
        // RESPONSE messages go within 24 h of the citizen's last message, postback, quick-reply tap or referral (§2.5).
        ReplyWindow = TimeSpan.FromHours(24),
        // News to a subscriber goes as UPDATE inside the same window; outside it nothing automated may go (§6: tags retired).
        Push = new PushRule.Within(TimeSpan.FromHours(24), "messenger-24h-window"),
        SubscribeNote = "Messenger chỉ cho phép trả lời trong 24 giờ sau tin nhắn gần nhất của bạn, nên tin mới sẽ đến khi bạn vừa trò chuyện với trợ lý; mọi tin đều có trên Trang của phường.",
        // Text 2,000; quick replies ≤ 13 with titles ≤ 20 characters (§2.4).
        Limits = new MessageLimits(Text: FacebookMessages.MaxText, Buttons: FacebookMessages.MaxQuickReplies, Label: FacebookMessages.MaxTitle),
        // Meta allows 300 calls/s per Page; replies share it, hence the headroom (§2.4).
        Rate = new SendRate(250, RateScope.Channel),
        UnitData = new UnitData(AccountKey: "page_id", NameKey: "page_name"),
        // m.me/<page>?ref=… reaches the bot as a referral (§4.1).
        ChatLink = (channel, reference) => new Uri(reference.Length == 0
            ? $"https://m.me/{channel.AccountId}"
            : $"https://m.me/{channel.AccountId}?ref={Uri.EscapeDataString(reference)}"),
        ChatLinkCarriesRef = true,
        ChatLinkLabel = "Nhắn tin",
        // Graph's documented limit for a Page post's message.
        Posts = new PostLimit(63_206, "của Facebook"),
        // A post id is "pageid_postid" and opens at facebook.com/{id}.
        PostLink = id => new Uri($"https://www.facebook.com/{id}"),
        TokenRejectedReason = "Page token rejected (Graph 190): re-authorise the Page",
        ExplainError = FacebookErrors.Explain,
    };
}
