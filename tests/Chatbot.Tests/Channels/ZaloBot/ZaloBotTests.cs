using System.Net;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Channels.ZaloBot;
using Chatbot.Web.Storage;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.ZaloBot;

public sealed class ZaloBotTests
{
    const string Citizen = "zb-citizen-1";

    static List<string> Texts(ChannelKit kit) => kit.Sent("zalo-bot").Select(m => m.Body["text"]!.GetValue<string>()).ToList();

    static async Task<string> SayAsync(ChannelKit kit, string id, string text)
    {
        var before = kit.Sent("zalo-bot").Count;
        using var response = await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, id, text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        try
        {
            await Eventually.TrueAsync(async () => kit.Sent("zalo-bot").Count > before
                && await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE state <> 'done'") == 0, $"the answer to «{text}»");
        }
        catch (TimeoutException)
        {
            // Say why: the inbox, the outbound log and what the simulator saw.
            var rows = await kit.InboxRowsAsync();
            var log = await kit.App.Services.GetRequiredService<OutboundLog>().ListAsync(ZaloBotProfile.Id, default);
            throw new TimeoutException($"no answer to «{text}»: " + string.Join(";", rows) + " || " + string.Join(";", log.Select(l => l.Status + " " + l.Reason)) + " || " + string.Join(";", kit.Simulator.Requests.Select(r => r.Path)));
        }
        return string.Join("\n", Texts(kit).Skip(before));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_text_gets_the_bots_answer_with_numbered_choices_and_a_number_picks_that_choice(StorageProvider provider)
    {
        await using var kit = await ZaloBotKit.StartAsync(provider);
        var menu = await SayAsync(kit, "m-1", "menu");

        var sent = kit.Sent("zalo-bot")[0];
        Assert.Equal(Citizen, sent.Recipient);
        Assert.Single(kit.Simulator.Requests, r => r.Path == $"/zalo-bot/bot{ZaloBotKit.Token}/sendMessage");
        Assert.Contains(ZaloBotMessages.Prompt, menu);
        Assert.Contains("\n1. ", menu);
        var second = menu.Split('\n').Single(l => l.StartsWith("2. ", StringComparison.Ordinal))[3..];

        // "2" is the second choice: the bot answers as if its words had been sent.
        var picked = await SayAsync(kit, "m-2", "2");
        await using var web = await ChatbotApp.StartAsync(provider);
        await web.SayAsync("menu");
        var expected = (await web.SayAsync(second)).Texts();
        Assert.StartsWith(expected.Split('\n')[0], picked);
        Assert.NotEqual(menu, picked);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong")]
    [InlineData("other-channel")]
    public async Task A_missing_or_wrong_secret_gets_401_and_nothing_is_stored(string how)
    {
        await using var kit = await ZaloBotKit.StartAsync();
        var body = ZaloBotKit.Text(Citizen, "m-1", "menu");
        using var response = await ZaloBotKit.PostAsync(kit, body, how switch
        {
            "missing" => null,
            "wrong" => "0123456789abcdef0123456789abcdef",
            _ => ZaloBotSecret.Derive(ZaloBotKit.Token, "tan-dinh-zalo-bot"),
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
    }

    [Fact]
    public async Task A_channel_that_is_no_bot_gets_404_and_a_bot_without_a_token_verifies_nothing()
    {
        await using var kit = await ZaloBotKit.StartAsync(configure: a => a.With($"Channels:{ZaloBotKit.Channel}:AccessToken", null));
        using var other = await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, "m-1", "menu"), channel: "sai-gon-zalo");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("Không có kênh", await other.Content.ReadAsStringAsync());
        using var tokenless = await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, "m-1", "menu"));
        Assert.Equal(HttpStatusCode.Unauthorized, tokenless.StatusCode);
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
    }

    [Fact]
    public async Task A_resent_update_is_stored_and_answered_once()
    {
        await using var kit = await ZaloBotKit.StartAsync();
        await SayAsync(kit, "m-1", "menu");
        using (var again = await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, "m-1", "menu")))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // Stored before the 200: a second row would be there now.
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
        Assert.Single(kit.Sent("zalo-bot"));
    }

    [Fact]
    public void Long_answers_are_split_at_2000_characters_and_choices_are_numbered_across_replies()
    {
        Activity Reply(string text, params string[] choices) => new()
        {
            Type = ActivityTypes.Message, Text = text,
            SuggestedActions = choices.Length == 0 ? null
                : new SuggestedActions { Actions = choices.Select(c => new CardAction(ActionTypes.ImBack, c.ToUpperInvariant(), value: c)).ToList() },
        };
        var built = ZaloBotMessages.Build("chat-1", [Reply(string.Join(" ", Enumerable.Repeat("chuyển đổi số", 400)), "một", "hai"), Reply("Còn nữa", "ba")]);

        Assert.All(built.Bodies, b => Assert.InRange(b["text"]!.GetValue<string>().Length, 1, ZaloBotMessages.MaxText));
        Assert.All(built.Bodies, b => Assert.Equal("chat-1", b["chat_id"]!.GetValue<string>()));
        Assert.True(built.Bodies.Count >= 4, $"{built.Bodies.Count} messages for 5,600 characters and a second reply");
        var all = string.Join("\n", built.Bodies.Select(b => b["text"]!.GetValue<string>()));
        Assert.Contains("1. MỘT\n2. HAI", all);
        Assert.EndsWith("Còn nữa\n" + ZaloBotMessages.Prompt + "\n3. BA", all);
        Assert.Equal(["một", "hai", "ba"], built.Choices);
    }

    [Fact]
    public async Task A_failed_send_is_retried_and_goes_once_a_rejected_token_is_a_typed_outcome_that_flags_the_channel()
    {
        await using var kit = await ZaloBotKit.StartAsync();
        kit.Simulator.Faults.Enqueue(new Fault("/sendMessage", 502, """{"ok":false,"error_code":502,"description":"Bad Gateway"}"""));
        kit.Simulator.Faults.Enqueue(new Fault("/sendMessage", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":0}}"""));
        await SayAsync(kit, "m-1", "menu");
        Assert.Single(kit.Sent("zalo-bot"));
        var log = kit.App.Services.GetRequiredService<OutboundLog>();
        var row = Assert.Single(await log.ListAsync(ZaloBotProfile.Id, default));
        Assert.Equal(("sent", 3), (row.Status, row.Attempts));

        Assert.Equal(SendStatus.TokenRejected, ZaloBotClient.Classify(HttpStatusCode.Unauthorized, """{"ok":false,"error_code":401,"description":"Unauthorized"}""").Status);
        kit.Simulator.Messaging().RejectedTokens[ZaloBotKit.Token] = true;
        using (await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, "m-2", "menu"))) { }
        await Eventually.TrueAsync(async () => (await log.ListAsync(ZaloBotProfile.Id, default)) is { Count: 2 } rows && rows[1].Status != "sending", "the rejected send logged");
        var rejected = (await log.ListAsync(ZaloBotProfile.Id, default))[1];
        Assert.Equal("tokenrejected", rejected.Status);

        // Nothing can renew a bot token: the channel is flagged, and the next reply is not even tried.
        using (await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, "m-3", "menu"))) { }
        await Eventually.TrueAsync(async () => (await log.ListAsync(ZaloBotProfile.Id, default)) is { Count: 3 } rows && rows[2].Status != "sending", "the next reply logged");
        var flagged = (await log.ListAsync(ZaloBotProfile.Id, default))[2];
        Assert.Equal("failed", flagged.Status);
        Assert.Contains("re-authorisation", flagged.Reason);
        Assert.Contains("Zalo Bot Manager", await kit.ScalarAsync<string>(
            "SELECT reauth_reason FROM channel_tokens WHERE channel_id = @id AND needs_reauth = 1", new { id = ZaloBotKit.Channel }));
        Assert.Equal(4, kit.Simulator.Requests.Count(r => r.Path.EndsWith("/sendMessage"))); // 502, 429, sent; 401; none
        Assert.Single(kit.Sent("zalo-bot"));
    }

    [Fact]
    public async Task A_citizen_who_blocked_the_bot_is_refused_once_and_marked_unreachable()
    {
        await using var kit = await ZaloBotKit.StartAsync();
        kit.Simulator.Faults.Enqueue(new Fault("/sendMessage", 403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"""));
        using (await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, "m-1", "menu"))) { }
        var log = kit.App.Services.GetRequiredService<OutboundLog>();
        await Eventually.TrueAsync(async () => (await log.ListAsync(ZaloBotProfile.Id, default)) is [{ Status: not "sending" }], "the refusal logged");
        Assert.Equal("refused", (await log.ListAsync(ZaloBotProfile.Id, default))[0].Status);
        Assert.Single(kit.Simulator.Requests, r => r.Path.EndsWith("/sendMessage"));
        // The conversation is marked just after the log row is finished: wait for it rather than race it.
        var conversations = kit.App.Services.GetRequiredService<Chatbot.Web.Channels.Inbox.ChannelConversations>();
        await Eventually.TrueAsync(async () => (await conversations.GetAsync($"zalo-bot:{ZaloBotKit.Channel}:{Citizen}", default))?.UnreachableAt is not null,
            "the citizen marked unreachable");
    }

    [Fact]
    public async Task Erase_my_data_is_confirmed_with_a_number_and_drops_the_offered_choices()
    {
        await using var kit = await ZaloBotKit.StartAsync();
        await SayAsync(kit, "m-1", "menu");
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM bot_state WHERE key LIKE 'zalo-bot/choices/%'"));

        var confirm = await SayAsync(kit, "m-2", "xóa dữ liệu của tôi");
        Assert.Contains("1. Đồng ý xóa", confirm);
        var done = await SayAsync(kit, "m-3", "1");
        Assert.Contains("Đã xóa", done);
        Assert.Equal(0L, await kit.ScalarAsync<long>($"SELECT COUNT(*) FROM bot_state WHERE key LIKE '%{Citizen}%'"));
    }

    [Fact]
    public async Task A_typed_share_code_starts_the_quiz_for_that_team()
    {
        await using var kit = await ZaloBotKit.StartAsync();
        var replies = await SayAsync(kit, "m-1", "QUIZ SG01A1");
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1", replies);
    }

    [Fact]
    public async Task The_webhook_command_checks_the_token_then_sets_the_webhook_with_the_secret_the_endpoint_accepts()
    {
        await using var kit = await ZaloBotKit.StartAsync();
        var command = kit.App.Services.GetServices<IAdminCommand>().Single(c => c.Verb == "zalo-bot-webhook");
        var url = $"https://chatbot.example.vn/webhooks/zalo-bot/{ZaloBotKit.Channel}";
        Assert.Equal(0, await command.RunAsync(kit.App.Services, ["--channel", ZaloBotKit.Channel, "--url", url], default));

        var webhook = kit.Simulator.ZaloBot().Webhooks[ZaloBotKit.Token];
        Assert.Equal(url, webhook.Url);
        using var accepted = await ZaloBotKit.PostAsync(kit, ZaloBotKit.Text(Citizen, "m-1", "menu"), secret: webhook.SecretToken);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        kit.Simulator.ZaloBot().Webhooks.Clear();
        kit.Simulator.Messaging().RejectedTokens[ZaloBotKit.Token] = true;
        Assert.Equal(1, await command.RunAsync(kit.App.Services, ["--channel", ZaloBotKit.Channel, "--url", url], default));
        Assert.Empty(kit.Simulator.ZaloBot().Webhooks);
        Assert.Equal(1, await command.RunAsync(kit.App.Services, ["--channel", "sai-gon-zalo", "--url", url], default));
    }
}
