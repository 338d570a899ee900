using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Publishing;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// Routes a delivery to its platform's publisher (registered by the platform, Channels/&lt;Platform&gt;/), or to the
/// sandbox when the channel has no access token (Channels:&lt;id&gt;:AccessToken unset): then the post is written to
/// sandbox_posts, once per delivery. A rejected token is renewed once where the platform allows and the post tried once
/// more (platforms.md §1.2); otherwise the rejection is the delivery's failure.
/// </summary>
public sealed class Publishers(IEnumerable<IPagePublisher> platforms, IChannelTokens tokens, ChannelDirectory channels,
    DeliveryStore deliveries, IDbConnectionFactory db, TimeProvider clock)
{
    readonly Dictionary<PlatformId, IPagePublisher> byPlatform = platforms.ToDictionary(p => p.Platform);

    public async Task<PublishOutcome> PublishAsync(DeliveryRow delivery, PostRow post, CancellationToken ct)
    {
        if (channels.Find(delivery.ChannelId) is not { } channel || !byPlatform.TryGetValue(channel.Platform, out var publisher))
            return new PublishOutcome.Failed($"Kênh '{delivery.ChannelId}' không còn trong danh sách kênh của phường (dialogs/units).");
        var token = await tokens.GetAccessTokenAsync(channel, ct);
        if (token is null) return await SandboxAsync(delivery, post, channel, ct);
        var attempt = new DeliveryAttempt(delivery, deliveries);
        var outcome = await publisher.PublishAsync(attempt, Content(post), channel, token, ct);
        if (outcome is not PublishOutcome.TokenRejected { Reason: var reason }) return outcome;
        if (await tokens.RenewAfterRejectionAsync(channel, token, ct) is not { } renewed) return new PublishOutcome.Failed(reason);
        outcome = await publisher.PublishAsync(attempt, Content(post), channel, renewed, ct);
        return outcome is PublishOutcome.TokenRejected again ? new PublishOutcome.Failed(again.Reason) : outcome;
    }

    public async Task<PublishOutcome> ReconcileAsync(DeliveryRow delivery, PostRow post, CancellationToken ct)
    {
        if (channels.Find(delivery.ChannelId) is not { } channel || !byPlatform.TryGetValue(channel.Platform, out var publisher))
            return new PublishOutcome.NeedsCheck("Kênh không còn trong danh sách.");
        var token = await tokens.GetAccessTokenAsync(channel, ct);
        if (token is null)
        {
            await using var conn = await db.OpenAsync(ct);
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM sandbox_posts WHERE delivery_id = @Id", new { delivery.Id }, cancellationToken: ct));
            return id is { } found ? new PublishOutcome.Published($"sandbox-{found}", Sandbox: true) : new PublishOutcome.NotFound();
        }
        return await publisher.ReconcileAsync(new DeliveryAttempt(delivery, deliveries), Content(post), channel, token, ct);
    }

    static PagePost Content(PostRow post) => new(post.Id, post.Text, post.Link, post.ImageUrl);

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

    /// <summary>The delivery row as a publisher sees it: its steps are recorded on the row (article_token, article_id).</summary>
    sealed class DeliveryAttempt(DeliveryRow delivery, DeliveryStore deliveries) : IPublishAttempt
    {
        string? token = delivery.ArticleToken, itemId = delivery.ArticleId;

        public long DeliveryId => delivery.Id;
        public DateTimeOffset Since => delivery.ClaimedAt ?? delivery.DueAt;
        public string? StepToken => token;
        public string? StepItemId => itemId;

        public async Task RecordStepAsync(string? newToken, string? newItemId, CancellationToken ct)
        {
            await deliveries.SetArticleAsync(delivery.Id, newToken, newItemId, ct);
            (token, itemId) = (newToken ?? token, newItemId ?? itemId);
        }

        public Task<bool> ItemRecordedElsewhereAsync(string id, CancellationToken ct) => deliveries.ArticleRecordedElsewhereAsync(delivery, id, ct);
    }
}
