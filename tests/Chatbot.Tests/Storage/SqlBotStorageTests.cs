using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Microsoft.Bot.Builder;
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
