using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.Tests.Channels.Facebook;

public sealed class ShareLinkTests
{
    [Fact]
    public async Task A_messenger_share_link_ref_starts_that_teams_quiz()
    {
        await using var kit = await ChannelKit.StartAsync();
        var referral = $$$"""{"sender":{"id":"psid-ref"},"recipient":{"id":"{{{ChannelKit.PageId}}}"},"timestamp":{{{ChannelKit.Now}}},"referral":{"ref":"quiz.cds-17.SG01A1","source":"SHORTLINK","type":"OPEN_THREAD"}}""";
        using (await kit.PostFacebookAsync(ChannelKit.Messenger(referral))) { }

        static bool StartsTeamQuiz(Chatbot.Simulator.SentMessage m) => m.Recipient == "psid-ref"
            && m.Body["message"]?["text"]?.GetValue<string>().Contains("Tổ công nghệ số cộng đồng khu phố 1") == true;
        await Eventually.TrueAsync(() => kit.Sent("facebook").Any(StartsTeamQuiz), "the quiz started for the link's team");
        Assert.Single(kit.Sent("facebook"), StartsTeamQuiz);
    }
}
