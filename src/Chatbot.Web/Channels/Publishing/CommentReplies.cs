using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Channels.Publishing;

/// <summary>What a comment on a published ward post gets as its one private reply (platforms.md §6).</summary>
public enum CommentReplyKind { None, Answer, Quiz, Pointer }

/// <param name="Text">The reply's text (one message: short).</param>
/// <param name="Button">A button under it: its title and the text a tap sends (the quiz's typed share code).</param>
public sealed record CommentReply(CommentReplyKind Kind, string Text, (string Title, string Sends)? Button = null);

/// <summary>A comment's post, when it is one of ours: the post and the ward it was published for, and what to reply.</summary>
public sealed record WardPostComment(long PostId, string WardId, CommentReply Reply);

/// <summary>
/// Decides the private reply to a comment on a ward post (question answering, quiz codes): implemented where posts,
/// knowledge and quizzes are known (Broadcasting/PostComments.cs), so a platform's folder asks without knowing them.
/// </summary>
public interface ICommentAnswerer
{
    /// <summary>Null when <paramref name="platformPostId"/> is no ward post of ours (a comment elsewhere on the Page).</summary>
    Task<WardPostComment?> DecideAsync(PlatformId platform, string platformPostId, string text, CancellationToken ct);
}

/// <summary>
/// comment_replies: one row per comment on a ward post, written before its private reply is sent, so a comment is
/// answered once however often its event is handled (a resent webhook, a killed worker).
/// </summary>
public sealed class CommentReplies(IDbConnectionFactory db, IDbWriter writer, ChannelDirectory channels, Platforms platforms) : IPostActivity
{
    /// <summary>Records the comment and what it gets, once (true: this call wrote the row). The send itself is claimed
    /// in outbound_log under the comment event's key (<c>ReplyTarget.ReplyKey</c>), so a re-run never sends it again.</summary>
    public Task<bool> ClaimAsync(PlatformId platform, string commentId, PublishedPost post, WardPostComment comment, DateTimeOffset now,
        CancellationToken ct)
    {
        var args = new
        {
            platform = platform.Value, commentId, channelId = post.ChannelId, platformPostId = post.PlatformPostId, postId = comment.PostId,
            wardId = comment.WardId, kind = Name(comment.Reply.Kind), status = comment.Reply.Kind == CommentReplyKind.None ? "none" : "sending", now,
        };
        return writer.WriteAsync(async (conn, tx, token) => await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO comment_replies (platform, comment_id, channel_id, post_id, platform_post_id, ward_id, kind, status, created_at)
            VALUES (@platform, @commentId, @channelId, @postId, @platformPostId, @wardId, @kind, @status, @now)
            ON CONFLICT (platform, comment_id) DO NOTHING
            """, args, tx, cancellationToken: token)) == 1, ct);
    }

    public Task FinishAsync(PlatformId platform, string commentId, string status, CancellationToken ct) =>
        writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition(
            "UPDATE comment_replies SET status = @status WHERE platform = @platform AND comment_id = @commentId",
            new { platform = platform.Value, commentId, status }, tx, cancellationToken: token)), ct);

    /// <summary>Per channel of the post: how many comments came and what they got, e.g. «Trang Facebook Phường Sài Gòn:
    /// 3 bình luận — trả lời riêng 2 (câu trả lời 1, mời làm trắc nghiệm 1), không cần trả lời 1».</summary>
    public async Task<IReadOnlyList<string>> DescribeAsync(IReadOnlyList<PublishedPost> posts, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var lines = new List<string>();
        foreach (var post in posts)
        {
            var rows = (await conn.QueryAsync<(string Kind, string Status, long Count)>(new CommandDefinition("""
                SELECT kind, status, COUNT(*) FROM comment_replies WHERE channel_id = @ChannelId AND platform_post_id = @PlatformPostId
                GROUP BY kind, status
                """, post, cancellationToken: ct))).ToList();
            if (rows.Count == 0) continue;
            var channel = channels.Find(post.ChannelId);
            var where = $"{(channel is null ? "" : platforms.Find(channel.Platform)?.DisplayName + " ")}{channel?.DisplayName ?? post.ChannelId}";
            var sent = rows.Where(r => r.Status == "sent").ToList();
            var parts = new List<string> { $"trả lời riêng {sent.Sum(r => r.Count)}" + (sent.Count == 0 ? "" :
                " (" + string.Join(", ", sent.GroupBy(r => r.Kind).Select(g => $"{KindName(g.Key)} {g.Sum(r => r.Count)}")) + ")") };
            if (rows.Where(r => r.Kind == "none").Sum(r => r.Count) is > 0 and var none) parts.Add($"không cần trả lời {none}");
            if (rows.Where(r => r.Kind != "none" && r.Status != "sent").Sum(r => r.Count) is > 0 and var unsent) parts.Add($"chưa gửi được {unsent}");
            lines.Add($"{where}: {rows.Sum(r => r.Count)} bình luận — {string.Join(", ", parts)}");
        }
        return lines;
    }

    static string KindName(string kind) => kind switch
    {
        "answer" => "câu trả lời",
        "quiz" => "mời làm trắc nghiệm",
        "pointer" => "mời nhắn tin",
        _ => kind,
    };

    static string Name(CommentReplyKind kind) => kind.ToString().ToLowerInvariant();
}
