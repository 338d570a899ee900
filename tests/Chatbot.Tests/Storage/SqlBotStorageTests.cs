using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Storage;

public sealed class SqlBotStorageTests
{
    sealed class Note : IStoreItem
    {
        public string Text { get; set; } = "";
        public int Count { get; set; }
        public string? ETag { get; set; }
    }

    static IStorage StorageOf(ChatbotApp app) => app.Services.GetRequiredService<IStorage>();

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Writes_reads_and_deletes_documents(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var storage = StorageOf(app);

        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "Chuyển đổi số", Count = 3 } });
        var read = await storage.ReadAsync(["a", "missing"]);

        Assert.Equal(["a"], read.Keys);
        var note = Assert.IsType<Note>(read["a"]);
        Assert.Equal(("Chuyển đổi số", 3), (note.Text, note.Count));
        Assert.False(string.IsNullOrEmpty(note.ETag));

        await storage.DeleteAsync(["a"]);
        await storage.DeleteAsync(["a", "never-existed"]); // idempotent
        Assert.Empty(await storage.ReadAsync(["a"]));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_write_with_a_stale_etag_fails_and_star_overwrites(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var storage = StorageOf(app);
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "v1" } });
        var first = (Note)(await storage.ReadAsync(["k"]))["k"];
        var second = (Note)(await storage.ReadAsync(["k"]))["k"];

        first.Text = "v2";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = first });
        second.Text = "stale";
        await Assert.ThrowsAsync<EtagConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = second }));
        Assert.Equal("v2", ((Note)(await storage.ReadAsync(["k"]))["k"]).Text);

        second.ETag = "*";
        second.Text = "forced";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = second });
        Assert.Equal("forced", ((Note)(await storage.ReadAsync(["k"]))["k"]).Text);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_concurrent_writers_from_one_version_exactly_one_wins(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var storage = StorageOf(app);
        await storage.WriteAsync(new Dictionary<string, object> { ["c"] = new Note { Count = 0 } });
        var etag = ((Note)(await storage.ReadAsync(["c"]))["c"]).ETag;

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(async i =>
        {
            try
            {
                await storage.WriteAsync(new Dictionary<string, object> { ["c"] = new Note { Count = i, ETag = etag } });
                return true;
            }
            catch (EtagConflictException) { return false; }
        }));

        Assert.Equal(1, results.Count(ok => ok));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task State_dictionaries_get_optimistic_concurrency_too(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var storage = StorageOf(app);
        await storage.WriteAsync(new Dictionary<string, object> { ["s"] = new Dictionary<string, object> { ["page"] = 1L } });
        var a = (IDictionary<string, object>)(await storage.ReadAsync(["s"]))["s"];
        var b = (IDictionary<string, object>)(await storage.ReadAsync(["s"]))["s"];

        a["page"] = 2L;
        await storage.WriteAsync(new Dictionary<string, object> { ["s"] = a });
        b["page"] = 3L;
        await Assert.ThrowsAsync<EtagConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["s"] = b }));
    }

    sealed class NoSendAdapter : BotAdapter
    {
        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken ct) =>
            throw new NotSupportedException();
        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken ct) =>
            throw new NotSupportedException();
        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken ct) =>
            throw new NotSupportedException();
    }

    static TurnContext Turn() => new(new NoSendAdapter(), new Activity(ActivityTypes.Message)
    {
        ChannelId = "facebook", Conversation = new ConversationAccount(id: "facebook:p1:u1"), From = new ChannelAccount("u1"),
        Recipient = new ChannelAccount("p1"),
    });

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_turn_loads_its_conversation_and_user_state_with_one_read_and_keeps_their_etags(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var storage = (SqlBotStorage)StorageOf(app);
        var (conversation, user) = (new ConversationState(storage), new UserState(storage));
        var (topic, visits) = (conversation.CreateProperty<string>("topic"), user.CreateProperty<long>("visits"));
        using (var first = Turn())
        {
            await SqlBotStorage.LoadTogetherAsync(storage, first, conversation, user, CancellationToken.None);
            await topic.SetAsync(first, "Điểm 3");
            await visits.SetAsync(first, 1);
            await Task.WhenAll(conversation.SaveChangesAsync(first), user.SaveChangesAsync(first));
        }

        using var turn = Turn();
        var before = storage.Queries;
        await SqlBotStorage.LoadTogetherAsync(storage, turn, conversation, user, CancellationToken.None);
        Assert.Equal("Điểm 3", await topic.GetAsync(turn, () => ""));
        Assert.Equal(1, await visits.GetAsync(turn, () => 0));
        Assert.Equal(1, storage.Queries - before); // both states, one query (two before issue 18)

        // An overlapping turn saved the conversation meanwhile: this turn's save fails instead of overwriting it.
        using (var other = Turn())
        {
            await conversation.LoadAsync(other);
            await topic.SetAsync(other, "Điểm 5");
            await conversation.SaveChangesAsync(other);
        }
        await topic.SetAsync(turn, "Điểm 4");
        await Assert.ThrowsAsync<EtagConflictException>(() => conversation.SaveChangesAsync(turn));
        await visits.SetAsync(turn, 2);
        await user.SaveChangesAsync(turn); // the user state was not touched meanwhile: its read-ahead ETag still holds

        using var last = Turn();
        await SqlBotStorage.LoadTogetherAsync(storage, last, conversation, user, CancellationToken.None);
        Assert.Equal(("Điểm 5", 2L), (await topic.GetAsync(last, () => ""), await visits.GetAsync(last, () => 0)));
    }

    [Fact]
    public async Task Documents_survive_reopening_the_file()
    {
        await using var first = await ChatbotApp.StartAsync();
        await StorageOf(first).WriteAsync(new Dictionary<string, object> { ["p"] = new Note { Text = "còn đây" } });
        await first.StopAsync();

        await using var second = ChatbotApp.OnSameDatabase(first);
        Assert.Equal("còn đây", ((Note)(await StorageOf(second).ReadAsync(["p"]))["p"]).Text);
    }
}
