using Chatbot.Web.Broadcasting;
using Chatbot.Web.Storage;
using Chatbot.Web.Channels;
using Dapper;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>What channels without a token would have published (sandbox_posts) and sent to citizens (sandbox_outbox),
/// limited to the member's wards. ?refresh=N reloads the page every N seconds (a screen left open; the browser test).</summary>
internal sealed class SandboxModel(DeliveryStore deliveries, ChannelDirectory channels, IDbConnectionFactory db) : ConsolePage
{
    public sealed record OutboxRow
    {
        public long Id { get; init; }
        public string ChannelId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Recipient { get; init; }
        public string Payload { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    [FromQuery] public int? Refresh { get; set; }
    public IReadOnlyList<SandboxPost> Posts { get; private set; } = [];
    public IReadOnlyList<OutboxRow> Outbox { get; private set; } = [];

    bool Mine(string channelId) => channels.Find(channelId) is { } c && Staff.MayWorkOn(c.WardId);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Posts = (await deliveries.SandboxAsync(null, 300, ct)).Where(p => Mine(p.ChannelId)).Take(100).ToList();
        await using var conn = await db.OpenAsync(ct);
        Outbox = (await conn.QueryAsync<OutboxRow>(new CommandDefinition(
            "SELECT id, channel_id, kind, recipient, payload, created_at FROM sandbox_outbox ORDER BY id DESC LIMIT 300",
            cancellationToken: ct))).Where(o => Mine(o.ChannelId)).Take(100).ToList();
    }
}
