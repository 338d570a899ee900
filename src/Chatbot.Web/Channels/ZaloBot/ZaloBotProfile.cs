namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// What the rest of the service knows about the Zalo Bot Platform (platforms.md §6 [S]): a Telegram-style bot with a
/// static token, one-to-one chats only, a separate product from the ward's OA — a cheap channel for pilots and community
/// teams, with no OAuth refresh. Its docs name no reply window, no push rule and no send rate [U]: none is assumed beyond
/// what the bot can answer, and the service's own pace is kept modest.
/// </summary>
internal static class ZaloBotProfile
{
    public static readonly PlatformId Id = new("zalo-bot");

    public static readonly PlatformProfile Value = new()
    {
        Id = Id,
        DisplayName = "Zalo Bot",
        ChatName = "Zalo Bot",
        ReplyWindow = null,
        Push = new PushRule.Always(),
        SubscribeNote = "Tin mới của phường sẽ được gửi tới bạn qua bot này.",
        // sendMessage takes 1–2,000 characters; there are no buttons, so choices are numbered lines (ZaloBotMessages).
        Limits = new MessageLimits(Text: ZaloBotMessages.MaxText, Buttons: ZaloBotMessages.MaxChoices, Label: ZaloBotMessages.MaxLabel),
        Rate = new SendRate(20, RateScope.Channel),
        // The webhook URL names the channel (/webhooks/zalo-bot/{channelId}), so the channel's own id is its account.
        UnitData = new UnitData(AccountKey: null, NameKey: "bot_name"),
        TokenRejectedReason = "bot token rejected (401): create a new token in Zalo Bot Manager and set Channels:<id>:AccessToken",
    };
}
