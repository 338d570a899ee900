using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Outbound;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>What channels without a token would have published (sandbox_posts) and sent to citizens (sandbox_outbox),
/// limited to the member's wards. ?refresh=N reloads the page every N seconds (a screen left open; the browser test).</summary>
internal sealed class SandboxModel(DeliveryStore deliveries, ChannelDirectory channels, OutboundLog outbound) : ConsolePage
{
    [FromQuery] public int? Refresh { get; set; }
    public IReadOnlyList<SandboxPost> Posts { get; private set; } = [];
    public IReadOnlyList<SandboxRecord> Outbox { get; private set; } = [];

    bool Mine(string channelId) => channels.Find(channelId) is { } c && Staff.MayWorkOn(c.WardId);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Posts = (await deliveries.SandboxAsync(null, 300, ct)).Where(p => Mine(p.ChannelId)).Take(100).ToList();
        Outbox = (await outbound.ListSandboxAsync(null, 300, ct)).Where(o => Mine(o.ChannelId)).Take(100).ToList();
    }

    /// <summary>What kind of message it would have been, in words («reply», «comment» are the outbox's ids).</summary>
    public static string KindName(string kind) => kind switch
    {
        "reply" => "Trả lời tin nhắn",
        "comment" => "Trả lời bình luận",
        _ => "Tin nhắn",
    };
}
