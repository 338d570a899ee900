using System.Net;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Zalo;

public sealed class ZaloTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_signed_Zalo_message_gets_the_bots_answer_as_a_CS_message_with_buttons(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        using var response = await kit.PostZaloAsync(ChannelKit.ZaloText("8000000000000000001", "msg-1", "menu"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(() => kit.Sent("zalo").Count >= 1, "a CS message");
        var sent = Assert.Single(kit.Sent("zalo"));
        Assert.Equal("8000000000000000001", sent.Recipient);
        var buttons = sent.Body["message"]!["attachment"]!["payload"]!["buttons"]!.AsArray();
        Assert.Equal(5, buttons.Count);
        Assert.Equal("Hỏi đáp", buttons[1]!["payload"]!.GetValue<string>());
        var request = kit.Simulator.Requests.Single(r => r.Path.EndsWith("/v3.0/oa/message/cs"));
        Assert.Equal("zalo-access-0", request.Headers["access_token"]);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong-secret")]
    [InlineData("garbage")]
    public async Task A_missing_or_wrong_Zalo_signature_gets_401_and_nothing_is_stored(string how)
    {
        await using var kit = await ChannelKit.StartAsync();
        var body = ChannelKit.ZaloText("u1", "msg-1", "menu");
        using var response = how switch
        {
            "missing" => await kit.PostZaloAsync(body, secret: null),
            "wrong-secret" => await kit.PostZaloAsync(body, secret: "not-the-secret"),
            _ => await kit.PostZaloAsync(body, header: "mac=zzzz"),
        };
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
    }

    [Fact]
    public async Task The_signing_secret_can_be_the_app_secret_instead()
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("Zalo:SignatureSecret", "AppSecret"));
        using var oaSigned = await kit.PostZaloAsync(ChannelKit.ZaloText("u1", "msg-1", "menu"));
        Assert.Equal(HttpStatusCode.Unauthorized, oaSigned.StatusCode);
        using var appSigned = await kit.PostZaloAsync(ChannelKit.ZaloText("u1", "msg-1", "menu"), secret: "test-zalo-app-secret");
        Assert.Equal(HttpStatusCode.OK, appSigned.StatusCode);
    }

    [Fact]
    public async Task Follow_welcomes_unfollow_stops_replies_and_an_image_gets_text_only_for_now()
    {
        await using var kit = await ChannelKit.StartAsync();
        string Event(string name, string user, long ts) => JsonSerializer.Serialize(new
        {
            app_id = ChannelKit.ZaloAppId, oa_id = ChannelKit.OaId, event_name = name, timestamp = ts.ToString(), source = "oa_profile",
            follower = new { id = user }, user_id_by_app = "x",
        });
        using (await kit.PostZaloAsync(Event("follow", "u-follow", ChannelKit.Now))) { }
        await Eventually.TrueAsync(() => kit.Sent("zalo").Any(m => m.Body["message"]!["text"]!.GetValue<string>().StartsWith("Xin chào")), "the welcome");

        var image = JsonSerializer.Serialize(new
        {
            app_id = ChannelKit.ZaloAppId, event_name = "user_send_image", timestamp = (ChannelKit.Now + 1).ToString(),
            sender = new { id = "u-follow" }, recipient = new { id = ChannelKit.OaId },
            message = new { msg_id = "img-1", attachments = new[] { new { type = "image", payload = new { url = "https://x/y.jpg" } } } },
        });
        using (await kit.PostZaloAsync(image)) { }
        await Eventually.TrueAsync(() => kit.Sent("zalo").Any(m => m.Body["message"]!["text"]!.GetValue<string>().Contains("chỉ đọc được tin nhắn chữ")), "text only");

        using (await kit.PostZaloAsync(Event("unfollow", "u-follow", ChannelKit.Now + 2))) { }
        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).Count == 3 && (await kit.InboxRowsAsync()).All(r => r.State == "done"), "unfollow handled");
        var before = kit.Sent("zalo").Count;
        // Still stored (a replay of an old text, say): the bot answers, but nothing goes to an unfollowed citizen.
        var delivery = kit.App.Services.GetRequiredService<Chatbot.Web.Channels.Outbound.ReplyDelivery>();
        var channel = kit.App.Services.GetRequiredService<ChannelDirectory>().Find("sai-gon-zalo");
        await delivery.DeliverAsync(new(ChannelKitPlatform, channel, "sai-gon-zalo", "u-follow", $"zalo:{ChannelKit.OaId}:u-follow",
            DateTimeOffset.FromUnixTimeMilliseconds(ChannelKit.Now)), [new System.Text.Json.Nodes.JsonObject { ["message"] = new System.Text.Json.Nodes.JsonObject { ["text"] = "x" } }], default);
        Assert.Equal(before, kit.Sent("zalo").Count);
    }

    static readonly PlatformId ChannelKitPlatform = new("zalo");

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_instances_refreshing_at_once_spend_the_refresh_token_once(StorageProvider provider)
    {
        var expiresSoon = new DateTimeOffset(2026, 11, 26, 1, 10, 0, TimeSpan.Zero).ToString("O"); // 10 min left on the test clock
        await using var first = await ChannelKit.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false")
            .With("Channels:sai-gon-zalo:AccessTokenExpiresAt", expiresSoon));
        first.Simulator.ZaloOAuth().Issue("zalo-refresh-0", "zalo-access-0");
        await using var second = ChatbotApp.OnSameDatabase(first.App, a =>
        {
            ChannelKit.Configure(a, first.Simulator);
            a.With("Inbox:WorkerEnabled", "false").With("Channels:sai-gon-zalo:AccessTokenExpiresAt", expiresSoon);
        });
        var channel = first.App.Services.GetRequiredService<ChannelDirectory>().Find("sai-gon-zalo")!;

        var tokens = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? first.App : second).Services.GetRequiredService<IChannelTokens>().GetAccessTokenAsync(channel, default)));

        Assert.Equal(["zalo-refresh-0"], first.Simulator.ZaloOAuth().Presented);
        Assert.All(tokens, t => Assert.Equal("zalo-access-1", t));
        var stored = await first.ScalarAsync<string>("SELECT refresh_token FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'");
        Assert.Equal("zalo-refresh-1", second.Services.GetRequiredService<TokenCipher>()
            .Unprotect("sai-gon-zalo", TokenCipher.Column.RefreshToken, stored)); // stored encrypted, readable by either instance
    }

    [Fact]
    public async Task An_expired_Zalo_token_is_refreshed_and_the_message_sent_with_the_new_one()
    {
        await using var kit = await ChannelKit.StartAsync();
        kit.Simulator.ZaloOAuth().Issue("zalo-refresh-0", "zalo-access-0");
        kit.Simulator.Messaging().RejectedTokens["zalo-access-0"] = true;
        using (await kit.PostZaloAsync(ChannelKit.ZaloText("u1", "msg-1", "menu"))) { }

        await Eventually.TrueAsync(() => kit.Sent("zalo").Count == 1, "sent after refresh");
        var calls = kit.Simulator.Requests.Where(r => r.Path.EndsWith("/message/cs")).Select(r => r.Headers["access_token"]).ToList();
        Assert.Equal(["zalo-access-0", "zalo-access-1"], calls);
    }

    [Fact]
    public async Task A_failed_refresh_flags_the_OA_for_reauthorisation()
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("Inbox:WorkerEnabled", "false")
            .With("Channels:sai-gon-zalo:AccessTokenExpiresAt", "2026-11-26T01:05:00Z"));
        // The simulator never issued zalo-refresh-0: as if another process had already spent it.
        var channel = kit.App.Services.GetRequiredService<ChannelDirectory>().Find("sai-gon-zalo")!;
        Assert.Null(await kit.App.Services.GetRequiredService<IChannelTokens>().GetAccessTokenAsync(channel, default));
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT needs_reauth FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'"));
        Assert.Contains("Invalid refresh token", await kit.ScalarAsync<string>("SELECT reauth_reason FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'"));
    }
}
