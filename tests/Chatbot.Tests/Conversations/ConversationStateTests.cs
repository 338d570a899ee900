using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Conversations;

public sealed class ConversationStateTests
{
    /// <summary>A tiny dialog that counts messages, so the test sees state that only storage can carry.</summary>
    sealed class CounterDialog : IDialog, ITopicTrigger
    {
        public string Id => "counter";
        public int Order => 0;
        public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
        {
            if (text != "đếm") return false;
            await dc.BeginAsync(Id, null, ct);
            return true;
        }
        public Task BeginAsync(DialogContext dc, string? options, CancellationToken ct) => dc.SendAsync("Bắt đầu đếm: 0", ct);
        public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
        {
            if (text != "tiếp") return false;
            var n = dc.Active!.GetInt("n") + 1;
            dc.Active.Set("n", n);
            await dc.SendAsync($"Đếm: {n}", ct);
            return true;
        }
        public Task ResumeAsync(DialogContext dc, CancellationToken ct) => Task.CompletedTask;
    }

    static void AddCounter(ChatbotApp app) => app.WithServices(s =>
    {
        s.AddSingleton<CounterDialog>();
        s.AddSingleton<IDialog>(sp => sp.GetRequiredService<CounterDialog>());
        s.AddSingleton<ITopicTrigger>(sp => sp.GetRequiredService<CounterDialog>());
    });

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_conversation_survives_a_restart_and_is_shared_by_two_instances(StorageProvider provider)
    {
        await using var first = await ChatbotApp.StartAsync(provider, AddCounter);
        await first.SayAsync("đếm");
        Assert.Equal("Đếm: 1", (await first.SayAsync("tiếp")).Texts());

        await using var second = ChatbotApp.OnSameDatabase(first, AddCounter);
        Assert.Equal("Đếm: 2", (await second.SayAsync("tiếp")).Texts());
        Assert.Equal("Đếm: 3", (await first.SayAsync("tiếp")).Texts());

        // Other conversations are separate.
        Assert.DoesNotContain("Đếm", (await second.SayAsync("tiếp", conversation: "conv-2")).Texts());
    }

    [Fact]
    public async Task Cancel_leaves_the_current_dialog()
    {
        await using var app = await ChatbotApp.StartAsync(configure: AddCounter);
        await app.SayAsync("đếm");
        Assert.Contains("Đã thoát", (await app.SayAsync("dừng")).Texts());
        Assert.DoesNotContain("Đếm", (await app.SayAsync("tiếp")).Texts());
        Assert.Contains("không có mục nào", (await app.SayAsync("hủy")).Texts());
    }
}
