using System.Net;
using System.Text;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Channels.Facebook;

public sealed class FacebookWebhookTests
{
    [Fact]
    public async Task The_handshake_echoes_the_challenge_only_for_our_verify_token()
    {
        await using var kit = await ChannelKit.StartAsync();
        var client = kit.App.CreateClient();
        using var ok = await client.GetAsync($"/webhooks/facebook?hub.mode=subscribe&hub.verify_token={ChannelKit.VerifyToken}&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());

        using var wrong = await client.GetAsync("/webhooks/facebook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        using var mode = await client.GetAsync($"/webhooks/facebook?hub.mode=unsubscribe&hub.verify_token={ChannelKit.VerifyToken}&hub.challenge=1");
        Assert.Equal(HttpStatusCode.Forbidden, mode.StatusCode);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_signed_message_gets_the_bots_answer_through_the_Send_API_with_quick_replies(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        using var response = await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-1", "mid.1", "menu"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(() => kit.Sent("facebook").Count >= 1, "a Send API call");
        var sent = Assert.Single(kit.Sent("facebook"));
        Assert.Equal(ChannelKit.PageId, sent.Account);
        Assert.Equal("psid-1", sent.Recipient);
        Assert.Equal("RESPONSE", sent.Body["messaging_type"]!.GetValue<string>());
        var titles = sent.Body["message"]!["quick_replies"]!.AsArray().Select(q => q!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(["17 điểm khác nhau", "Hỏi đáp", "Làm bài trắc nghiệm", "Nhận tin của phường", "Góp ý, gặp cán bộ"], titles);
        Assert.Equal("Hỏi đáp", sent.Body["message"]!["quick_replies"]![1]!["payload"]!.GetValue<string>());
        var request = kit.Simulator.Requests.Single(r => r.Path.EndsWith("/messages"));
        Assert.Contains("access_token=fb-page-token", request.Query);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha1=abc")]
    [InlineData("other-secret")]
    public async Task A_missing_or_wrong_signature_gets_401_and_nothing_is_stored(string? signature)
    {
        await using var kit = await ChannelKit.StartAsync();
        var body = ChannelKit.MessengerText("psid-1", "mid.1", "menu");
        if (signature == "other-secret")
            signature = "sha256=" + Chatbot.Web.Channels.Facebook.FacebookSignature.Compute("other-secret", Encoding.UTF8.GetBytes(body));
        using var response = await kit.PostFacebookAsync(body, signature);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
    }

    [Fact]
    public async Task Without_an_app_secret_even_an_empty_key_signature_is_refused()
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("Facebook:AppSecret", ""));
        var body = ChannelKit.MessengerText("psid-1", "mid.1", "menu");
        var emptyKey = "sha256=" + Chatbot.Web.Channels.Facebook.FacebookSignature.Compute("", Encoding.UTF8.GetBytes(body));
        using var response = await kit.PostFacebookAsync(body, emptyKey);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_malformed_signed_json_gets_a_problem_400()
    {
        await using var kit = await ChannelKit.StartAsync();
        var big = ChannelKit.MessengerText("psid-1", "mid.1", new string('a', 300 * 1024));
        using var tooLarge = await kit.PostFacebookAsync(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var malformed = await kit.PostFacebookAsync("{\"object\":\"page\",\"entry\":[");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_replayed_webhook_is_answered_once(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        var body = ChannelKit.MessengerText("psid-1", "mid.replayed", "menu");
        var posts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => kit.PostFacebookAsync(body)));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        using (var late = await kit.PostFacebookAsync(body)) Assert.Equal(HttpStatusCode.OK, late.StatusCode);

        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).All(r => r.State == "done"), "the event handled");
        using (var afterHandling = await kit.PostFacebookAsync(body)) Assert.Equal(HttpStatusCode.OK, afterHandling.StatusCode);
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
        Assert.Single(kit.Sent("facebook"));
    }

    [Fact]
    public async Task Stored_but_unhandled_events_are_handled_once_after_a_restart()
    {
        var simulator = await Chatbot.Simulator.PlatformSimulator.StartAsync();
        var first = await ChannelKit.StartAsync(configure: a => a.With("Inbox:WorkerEnabled", "false"), simulator: simulator);
        using (var r = await first.PostFacebookAsync(ChannelKit.MessengerText("psid-9", "mid.crash", "menu")))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("pending", (await first.InboxRowsAsync()).Single().State);
        await first.App.StopAsync(); // the process dies before any worker saw the event

        await using var second = ChatbotApp.OnSameDatabase(first.App, a => ChannelKit.Configure(a, simulator));
        await Eventually.TrueAsync(async () => (await first.InboxRowsAsync(second)).Single().State == "done", "handled after restart");
        Assert.Single(first.Sent("facebook"));
        Assert.Equal(1L, (await first.InboxRowsAsync(second)).Single().Attempts);
        await first.App.Database.DisposeAsync();
        await simulator.DisposeAsync();
    }
}
