using Chatbot.Web.Channels;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;

namespace Chatbot.Web.Broadcasting.Publishing;

/// <summary>
/// Routes a delivery to its platform's publisher, or to the sandbox when the channel has no access token
/// (Channels:&lt;id&gt;:AccessToken unset): then the post is written to sandbox_posts, once per delivery.
/// </summary>
public sealed class Publishers(IEnumerable<IPlatformPublisher> platforms, IChannelTokens tokens, UnitDirectory units,
    IDbConnectionFactory db, TimeProvider clock)
{
    readonly Dictionary<Platform, IPlatformPublisher> byPlatform = platforms.ToDictionary(p => p.Platform);

    public async Task<PublishOutcome> PublishAsync(DeliveryRow delivery, PostRow post, CancellationToken ct)
    {
        if (units.FindChannel(delivery.ChannelId) is not { } channel)
            return new PublishOutcome.Failed($"Kênh '{delivery.ChannelId}' không còn trong danh sách kênh của phường (dialogs/units).");
        var token = await tokens.GetAccessTokenAsync(channel, ct);
        if (token is null) return await SandboxAsync(delivery, post, channel, ct);
        var outcome = await byPlatform[channel.Platform].PublishAsync(delivery, post, channel, token, ct);
        if (outcome is PublishOutcome.Failed { Reason: var reason } && reason.Contains("mã truy cập", StringComparison.Ordinal)
            && await tokens.RenewAfterRejectionAsync(channel, token, ct) is { } renewed)
            return await byPlatform[channel.Platform].PublishAsync(delivery, post, channel, renewed, ct); // refresh once, retry once (§1.2)
        return outcome;
    }

    public async Task<PublishOutcome> ReconcileAsync(DeliveryRow delivery, PostRow post, CancellationToken ct)
    {
        if (units.FindChannel(delivery.ChannelId) is not { } channel) return new PublishOutcome.NeedsCheck("Kênh không còn trong danh sách.");
        var token = await tokens.GetAccessTokenAsync(channel, ct);
        if (token is null)
        {
            await using var conn = await db.OpenAsync(ct);
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM sandbox_posts WHERE delivery_id = @Id", new { delivery.Id }, cancellationToken: ct));
            return id is { } found ? new PublishOutcome.Published($"sandbox-{found}", Sandbox: true) : new PublishOutcome.NotFound();
        }
        return await byPlatform[channel.Platform].ReconcileAsync(delivery, post, channel, token, ct);
    }

    async Task<PublishOutcome> SandboxAsync(DeliveryRow delivery, PostRow post, WardChannel channel, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO sandbox_posts (delivery_id, channel_id, platform, text, link, image_url, created_at)
            VALUES (@deliveryId, @channelId, @platform, @Text, @Link, @ImageUrl, @now)
            ON CONFLICT (delivery_id) DO NOTHING
            """, new { deliveryId = delivery.Id, channelId = channel.Id, platform = delivery.Platform, post.Text, post.Link, post.ImageUrl,
                now = clock.GetUtcNow() }, cancellationToken: ct));
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT id FROM sandbox_posts WHERE delivery_id = @Id", new { delivery.Id }, cancellationToken: ct));
        return new PublishOutcome.Published($"sandbox-{id}", Sandbox: true);
    }
}
