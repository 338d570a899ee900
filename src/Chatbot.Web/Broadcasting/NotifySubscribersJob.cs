using Chatbot.Web.Storage;
using Dapper;
using Hangfire;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// After a delivery is published, tells the ward's subscribers once per (post occurrence, subscriber), only where the
/// platform allows a message (platforms.md §2.5, §1.5): Messenger within 24 h of the citizen's last message; Zalo
/// within 7 days (-230 after that; within 48 h the first 8 are free). Others are skipped with the reason and counted.
/// </summary>
[AutomaticRetry(Attempts = 3)]
public sealed class NotifySubscribersJob(IDbConnectionFactory db, DeliveryStore deliveries, PostStore posts, SubscriptionStore subscriptions,
    ICitizenMessenger messenger, TimeProvider clock)
{
    public static readonly TimeSpan MessengerWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan ZaloWindow = TimeSpan.FromDays(7);

    public static string? SkipReason(Subscription s, DateTimeOffset now) => s.Channel switch
    {
        "facebook" when now - s.LastInteractionAt > MessengerWindow => "messenger-24h-window",
        "facebook" => null,
        "zalo" when now - s.LastInteractionAt > ZaloWindow => "zalo-7-day-window",
        "zalo" => null,
        _ => "channel-cannot-push", // web chat, emulator: nothing to push to
    };

    public async Task RunAsync(long deliveryId, CancellationToken ct)
    {
        if (await deliveries.FindAsync(deliveryId, ct) is not { State: PostStates.Published } delivery) return;
        var post = (await posts.FindAsync(delivery.PostId, ct))!;
        var text = $"Phường có tin mới:\n{(post.Text.Length > 300 ? post.Text[..299] + "…" : post.Text)}{(post.Link is null ? "" : "\n" + post.Link)}\n(Nhắn «Hủy đăng ký» để ngừng nhận tin.)";
        var now = clock.GetUtcNow();
        foreach (var s in await subscriptions.ForWardAsync(delivery.WardId, ct))
        {
            // Reserve the row first: a concurrent or repeated run finds it and sends nothing.
            if (!await ReserveAsync(post.Id, delivery.DueAt, s.Id, now, ct)) continue;
            var skip = SkipReason(s, now);
            var (outcome, reason) = skip is not null ? ("skipped", skip) : await messenger.SendAsync(s.Channel, s.UserId, text, ct) switch
            {
                CitizenSendResult.Sent => ("sent", (string?)null),
                CitizenSendResult.Sandbox => ("sandbox", null),
                CitizenSendResult.NotAllowed => ("skipped", "platform-refused"),
                _ => ("skipped", "send-failed"),
            };
            await using var conn = await db.OpenAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE notifications SET outcome = @outcome, reason = @reason WHERE post_id = @postId AND occurrence_at = @occurrence AND subscription_id = @sid",
                new { outcome, reason, postId = post.Id, occurrence = delivery.DueAt, sid = s.Id }, cancellationToken: ct));
        }
    }

    async Task<bool> ReserveAsync(long postId, DateTimeOffset occurrence, long subscriptionId, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO notifications (post_id, occurrence_at, subscription_id, outcome, at) VALUES (@postId, @occurrence, @subscriptionId, 'pending', @now)
            ON CONFLICT (post_id, occurrence_at, subscription_id) DO NOTHING
            """, new { postId, occurrence, subscriptionId, now }, cancellationToken: ct)) == 1;
    }

    /// <summary>Counts by outcome and reason for a post (shown with its deliveries).</summary>
    public static async Task<IReadOnlyList<NotificationCount>> CountsAsync(IDbConnectionFactory db, long postId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<NotificationCount>(new CommandDefinition(
            "SELECT outcome, reason, COUNT(*) AS count FROM notifications WHERE post_id = @postId GROUP BY outcome, reason ORDER BY outcome, reason",
            new { postId }, cancellationToken: ct))).ToList();
    }
}

public sealed record NotificationCount
{
    public string Outcome { get; init; } = "";
    public string? Reason { get; init; }
    public long Count { get; init; }
}
