using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Conversations;

public sealed class ConversationStateTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_conversation_survives_a_restart_and_is_shared_by_two_instances(StorageProvider provider)
    {
        await using var first = await ChatbotApp.StartAsync(provider, CounterDialog.AddTo);
        await first.SayAsync("đếm");
        Assert.Equal("Đếm: 1", (await first.SayAsync("tiếp")).Texts());

        await using var second = ChatbotApp.OnSameDatabase(first, CounterDialog.AddTo);
        Assert.Equal("Đếm: 2", (await second.SayAsync("tiếp")).Texts());
        Assert.Equal("Đếm: 3", (await first.SayAsync("tiếp")).Texts());

        // Other conversations are separate.
        Assert.DoesNotContain("Đếm", (await second.SayAsync("tiếp", conversation: "conv-2")).Texts());
    }

    [Fact]
    public async Task Cancel_leaves_the_current_dialog()
    {
        await using var app = await ChatbotApp.StartAsync(configure: CounterDialog.AddTo);
        await app.SayAsync("đếm");
        Assert.Contains("Đã thoát", (await app.SayAsync("dừng")).Texts());
        Assert.DoesNotContain("Đếm", (await app.SayAsync("tiếp")).Texts());
        Assert.Contains("không có mục nào", (await app.SayAsync("hủy")).Texts());
    }
}
