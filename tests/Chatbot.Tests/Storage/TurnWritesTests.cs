using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Storage;

/// <summary>Issue 18: an inbox turn's state rides on its first reply's claim (one transaction), and a state another turn
/// saved first stops the reply before anything is claimed or sent.</summary>
public sealed class TurnWritesTests
{
    sealed class Note : IStoreItem
    {
        public string Text { get; set; } = "";
        public string? ETag { get; set; }
    }

    static async Task<string?> StoredTextAsync(ChatbotApp app, string key)
    {
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var document = await conn.QuerySingleOrDefaultAsync<string>("SELECT document FROM bot_state WHERE key = @key", new { key });
        return document is null ? null : Newtonsoft.Json.Linq.JObject.Parse(document)["Text"]?.ToString();
    }

    static async Task<int> ClaimsAsync(ChatbotApp app, string replyKey)
    {
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbound_log WHERE reply_key = @replyKey", new { replyKey });
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_turns_state_is_written_with_its_first_replys_claim_and_read_back_before_that(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var storage = app.Services.GetRequiredService<IStorage>();
        var log = app.Services.GetRequiredService<OutboundLog>();

        using (TurnWrites.Begin())
        {
            await storage.WriteAsync(new Dictionary<string, object> { ["c"] = new Note { Text = "câu hỏi thứ nhất" } });
            Assert.Null(await StoredTextAsync(app, "c")); // not on its own
            var again = (Note)(await storage.ReadAsync(["c"]))["c"]; // a second activity of the same event sees it
            Assert.Equal("câu hỏi thứ nhất", again.Text);
            again.Text = "câu hỏi thứ hai";
            await storage.WriteAsync(new Dictionary<string, object> { ["c"] = again });

            Assert.True(await log.ClaimAsync("mid.1#0", FacebookProfile.Id, "page", "psid", "{}", DateTimeOffset.UtcNow, default));
            Assert.Equal("câu hỏi thứ hai", await StoredTextAsync(app, "c"));
        }
        // Outside an inbox turn a save commits at once, as before.
        await storage.WriteAsync(new Dictionary<string, object> { ["d"] = new Note { Text = "web chat" } });
        Assert.Equal("web chat", await StoredTextAsync(app, "d"));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_state_another_turn_saved_first_fails_the_claim_so_nothing_is_sent_and_a_failed_turn_writes_nothing(
        StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var storage = app.Services.GetRequiredService<IStorage>();
        var log = app.Services.GetRequiredService<OutboundLog>();
        await storage.WriteAsync(new Dictionary<string, object> { ["c"] = new Note { Text = "trước" } });

        using (var turn = TurnWrites.Begin())
        {
            var mine = (Note)(await storage.ReadAsync(["c"]))["c"];
            Task other;
            using (ExecutionContext.SuppressFlow()) // another turn: not this one's async flow
                other = Task.Run(() => storage.WriteAsync(new Dictionary<string, object> { ["c"] = new Note { Text = "lượt khác", ETag = "*" } }));
            await other;
            mine.Text = "lượt này";
            await storage.WriteAsync(new Dictionary<string, object> { ["c"] = mine }); // held: the conflict shows at the claim

            await Assert.ThrowsAsync<EtagConflictException>(() =>
                log.ClaimAsync("mid.2#0", FacebookProfile.Id, "page", "psid", "{}", DateTimeOffset.UtcNow, default));
            Assert.Equal(0, await ClaimsAsync(app, "mid.2#0"));
            Assert.Equal("lượt khác", await StoredTextAsync(app, "c"));

            var retried = (Note)(await storage.ReadAsync(["c"]))["c"];
            retried.Text = "bỏ";
            await storage.WriteAsync(new Dictionary<string, object> { ["c"] = retried });
            turn.Turn.Discard(); // the turn failed
            Assert.True(await log.ClaimAsync("mid.3#0", FacebookProfile.Id, "page", "psid", "{}", DateTimeOffset.UtcNow, default));
        }
        Assert.Equal("lượt khác", await StoredTextAsync(app, "c"));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task That_the_citizen_wrote_rides_on_the_turns_next_write_and_survives_a_failed_turn_but_not_a_lost_lease(
        StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var conversations = app.Services.GetRequiredService<ChannelConversations>();
        var log = app.Services.GetRequiredService<OutboundLog>();
        var writer = app.Services.GetRequiredService<IDbWriter>();
        var at = DateTimeOffset.Parse("2026-12-02T08:00:00+07:00");
        InboxEvent Wrote(string user) => new()
        {
            Platform = FacebookProfile.Id.Value, AccountId = "page", UserId = user, ConversationKey = $"facebook:page:{user}", Kind = "message",
            DedupeKey = $"mid.{user}", Payload = "{}", EventAt = at,
        };
        async Task<int> InboundAsync(string user)
        {
            await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
            return await conn.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM channel_conversations WHERE user_id = @user AND last_inbound_at IS NOT NULL AND unreachable_at IS NULL",
                new { user });
        }
        await conversations.MarkUnreachableAsync("facebook:page:a", FacebookProfile.Id.Value, "a", at.AddDays(-1), "blocked", default);

        using (TurnWrites.Begin())
        {
            var status = await conversations.InboundAsync(Wrote("a"), default);
            Assert.Null(status.UnreachableAt); // what the turn's replies are judged by: reachable again
            Assert.Equal(0, await InboundAsync("a")); // not on its own
            Assert.True(await log.ClaimAsync("mid.a#0", FacebookProfile.Id, "page", "a", "{}", DateTimeOffset.UtcNow, default));
            Assert.Equal(1, await InboundAsync("a"));
        }

        using (var failed = TurnWrites.Begin())
        {
            await conversations.InboundAsync(Wrote("b"), default);
            failed.Turn.Discard(); // the bot failed: the citizen still wrote
            await writer.WriteAsync(TurnWrites.WithHeld<int>((_, _, _) => Task.FromResult(0))); // the retry's write
            Assert.Equal(1, await InboundAsync("b"));
        }

        using (var lost = TurnWrites.Begin())
        {
            await conversations.InboundAsync(Wrote("c"), default);
            lost.Turn.DiscardAll(); // another worker owns the event now and writes it
            await writer.WriteAsync(TurnWrites.WithHeld<int>((_, _, _) => Task.FromResult(0)));
            Assert.Equal(0, await InboundAsync("c"));
        }
    }
}
