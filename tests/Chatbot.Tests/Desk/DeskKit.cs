using System.Net;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Staff;
using Chatbot.Web.Desk;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Desk;

/// <summary>Citizens on the simulated Messenger and Zalo asking for a person; what the desk stored and the simulator received.</summary>
internal static class DeskKit
{
    static int sequence;

    static string NextId(string prefix) => $"{prefix}.{Interlocked.Increment(ref sequence)}";

    public static async Task MessengerSaysAsync(this ChannelKit kit, string psid, string text, long? at = null)
    {
        using var response = await kit.PostFacebookAsync(ChannelKit.MessengerText(psid, NextId("mid"), text, timestamp: at ?? ChannelKit.Now));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task ZaloSaysAsync(this ChannelKit kit, string userId, string text, long? at = null)
    {
        using var response = await kit.PostZaloAsync(ChannelKit.ZaloText(userId, NextId("zmsg"), text, at ?? ChannelKit.Now));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The texts the simulator received for one recipient, in order.</summary>
    public static IReadOnlyList<string> TextsTo(this ChannelKit kit, string platform, string recipient) =>
        kit.Sent(platform).Where(m => m.Recipient == recipient)
            .Select(m => m.Body["message"]?["text"]?.GetValue<string>() ?? "").ToList();

    /// <summary>Waits until every stored webhook event was handled (the bot's turns ran).</summary>
    public static Task HandledAsync(this ChannelKit kit, int events) =>
        Eventually.TrueAsync(async () =>
        {
            var rows = await kit.InboxRowsAsync();
            return rows.Count >= events && rows.All(r => r.State == "done");
        }, $"{events} webhook events handled");

    /// <summary>Asks for a person and accepts; returns the thread.</summary>
    public static async Task<DeskThread> HandOffAsync(this ChannelKit kit, Func<string, Task> say, string conversationSuffix, int eventsBefore)
    {
        await say("gặp cán bộ");
        await kit.HandledAsync(eventsBefore + 1);
        await say("Đồng ý");
        await kit.HandledAsync(eventsBefore + 2);
        return await kit.ThreadAsync(conversationSuffix);
    }

    public static async Task<DeskThread> ThreadAsync(this ChannelKit kit, string conversationSuffix)
    {
        await using var conn = await kit.App.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var id = await conn.ExecuteScalarAsync<long>("SELECT id FROM desk_threads WHERE conversation_id LIKE @k ORDER BY id DESC LIMIT 1",
            new { k = "%:" + conversationSuffix });
        var thread = await kit.App.Services.GetRequiredService<DeskThreads>().FindAsync(id, Chatbot.Web.Knowledge.WardScope.All, default);
        return thread ?? throw new InvalidOperationException("no thread for " + conversationSuffix);
    }

    public static async Task<IReadOnlyList<DeskMessage>> MessagesAsync(this ChannelKit kit, long threadId) =>
        await kit.App.Services.GetRequiredService<DeskThreads>().MessagesAsync(threadId, default);

    public static Task<HttpResponseMessage> ReplyAsync(this ConsoleClient console, long threadId, string text, string? link = null)
    {
        var fields = new Dictionary<string, string> { ["Text"] = text };
        if (link is not null) fields["Link"] = link;
        return console.PostFormAsync($"/admin/inbox/{threadId}", $"/admin/inbox/{threadId}?handler=Reply", fields);
    }
}
