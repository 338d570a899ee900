using System.Collections.Concurrent;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels;

public sealed class PersonalDataTests
{
    sealed class RecordingEraser(ConcurrentQueue<string> calls) : IPersonalDataEraser
    {
        public Task EraseAsync(string channel, string userId, CancellationToken ct)
        {
            calls.Enqueue($"{channel}/{userId}");
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("xóa dữ liệu của tôi")]
    [InlineData("xoa du lieu cua toi")]
    public async Task Erase_my_data_asks_first_then_calls_every_eraser_and_drops_the_bot_state(string ask)
    {
        var calls = new ConcurrentQueue<string>();
        await using var kit = await ChannelKit.StartAsync(configure: a => a.WithServices(s => s.AddSingleton<IPersonalDataEraser>(new RecordingEraser(calls))));
        await kit.App.SayAsync("menu", user: "citizen-1");
        Assert.True(await kit.ScalarAsync<long>("SELECT COUNT(*) FROM bot_state WHERE key LIKE '%citizen-1%' OR key LIKE '%conv-1%'") > 0);

        var confirm = await kit.App.SayAsync(ask, user: "citizen-1");
        Assert.Contains("không hoàn tác", confirm.Texts());
        Assert.Equal(["Đồng ý xóa", "Không xóa"], confirm.Buttons());
        Assert.Empty(calls);

        var done = await kit.App.SayAsync("Đồng ý xóa", user: "citizen-1");
        Assert.Contains("Đã xóa", done.Texts());
        Assert.Equal(["emulator/citizen-1"], calls);
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM bot_state WHERE key LIKE '%citizen-1%' OR key LIKE '%conv-1%'"));
    }

    [Fact]
    public async Task Declining_keeps_the_data()
    {
        var calls = new ConcurrentQueue<string>();
        await using var kit = await ChannelKit.StartAsync(configure: a => a.WithServices(s => s.AddSingleton<IPersonalDataEraser>(new RecordingEraser(calls))));
        await kit.App.SayAsync("xóa dữ liệu của tôi");
        Assert.Contains("giữ nguyên", (await kit.App.SayAsync("không")).Texts());
        Assert.Empty(calls);
    }

    [Fact]
    public async Task The_inbox_eraser_removes_the_citizens_raw_events()
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("Inbox:WorkerEnabled", "false"));
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-1", "mid.1", "hello"))) { }
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-2", "mid.2", "hello"))) { }
        foreach (var eraser in kit.App.Services.GetServices<IPersonalDataEraser>()) await eraser.EraseAsync("facebook", "psid-1", default);
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"));
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE user_id = 'psid-1'"));
    }
}
