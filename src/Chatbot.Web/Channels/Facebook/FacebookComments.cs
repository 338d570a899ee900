using System.Text.Json;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Channels.Publishing;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Page comments → one private reply each (platforms.md §6): the <c>feed</c> webhook field announces a new comment; on a
/// ward post of ours it gets what <see cref="ICommentAnswerer"/> decides (a short answer, a quiz button, a pointer, or
/// nothing), sent once to <c>{"recipient":{"comment_id":…}}</c> within 7 days of the comment. Its comment_replies row is
/// written before the send and the send is claimed in outbound_log under the event's key, so neither a resent webhook
/// nor a worker killed mid-send ever replies twice. The 24 h window opens only if the person answers.
/// </summary>
internal sealed class FacebookComments(ICommentAnswerer answerer, CommentReplies replies, ReplyDelivery delivery, ChannelDirectory channels,
    TimeProvider clock)
{
    public const string Kind = "comment";

    /// <summary>How long after a comment its private reply may go (Meta: 7 days).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    static readonly string Platform = FacebookProfile.Id.Value;

    /// <summary>New comments from an entry's <c>changes</c>; edits, removals, likes, the Page's own comments and other
    /// feed items are acknowledged and not stored.</summary>
    public static IEnumerable<NewInboxEvent> Parse(string pageId, JsonElement changes, DateTimeOffset now)
    {
        foreach (var change in changes.EnumerateArray())
        {
            NewInboxEvent? e;
            try
            {
                e = ParseOne(pageId, change, now);
            }
            catch (Exception x) when (x is EventProblem or InvalidOperationException or FormatException)
            {
                e = EventProblem.Parked(Platform, pageId, FacebookEvents.Safe(() => JsonFields.Text(change, "value", "from", "id")), change, now,
                    EventProblem.Describe(x));
            }
            if (e is not null) yield return e;
        }
    }

    static NewInboxEvent? ParseOne(string pageId, JsonElement change, DateTimeOffset now)
    {
        if (change.ValueKind != JsonValueKind.Object || JsonFields.Text(change, "field") != "feed"
            || !JsonFields.IsObject(change, "value", out var value)
            || JsonFields.Text(value, "item") != "comment" || JsonFields.Text(value, "verb") != "add") return null;
        var from = JsonFields.Text(value, "from", "id");
        var comment = JsonFields.Text(value, "comment_id");
        if (comment.Length == 0 || JsonFields.Text(value, "post_id").Length == 0) throw new EventProblem("bình luận thiếu «comment_id» hoặc «post_id»");
        if (from.Length == 0 || from == pageId) return null; // the Page's own comment (staff answering in public)
        _ = JsonFields.Text(value, "message"); // read now: text that is not UTF-8 is found before the event is stored
        // created_time is in seconds; the inbox reads milliseconds.
        var at = long.TryParse(JsonFields.Text(value, "created_time"), out var seconds)
            ? EventProblem.Timestamp((seconds * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), now) : now;
        return new NewInboxEvent(Platform, pageId, from, Kind, $"{Platform}:comment:{comment}", value.GetRawText(), at);
    }

    public async Task<string?> HandleAsync(InboxEvent e, CancellationToken ct)
    {
        if (clock.GetUtcNow() - e.EventAt > Window) return "comment older than 7 days: no private reply";
        if (channels.ByAccount(FacebookProfile.Id, e.AccountId) is not { } channel) return "comment on a Page no ward lists";
        using var doc = JsonDocument.Parse(e.Payload);
        var value = doc.RootElement;
        var commentId = JsonFields.Text(value, "comment_id");
        var post = new PublishedPost(channel.Id, JsonFields.Text(value, "post_id"));
        var comment = await answerer.DecideAsync(FacebookProfile.Id, post.PlatformPostId, JsonFields.Text(value, "message"), ct);
        if (comment is null) return "comment on a post that is no ward post";

        await replies.ClaimAsync(FacebookProfile.Id, commentId, post, comment, clock.GetUtcNow(), ct);
        if (comment.Reply.Kind == CommentReplyKind.None) return "comment: nothing to reply";
        var target = new ReplyTarget(FacebookProfile.Id, channel, channel.Id, commentId, $"{Platform}:{e.AccountId}:comment:{commentId}", e.EventAt,
            Kind: "private-reply", ReplyKey: e.DedupeKey, Window: Window);
        var outcome = await delivery.DeliverAsync(target, [Body(commentId, comment.Reply)], ct);
        // No outcome: the claim was taken by an earlier run, which recorded its own.
        if (outcome is not null) await replies.FinishAsync(FacebookProfile.Id, commentId, outcome.Status.ToString().ToLowerInvariant(), ct);
        return null;
    }

    /// <summary>Send API body to the commenter: the text, or a button template whose postback sends the button's words.</summary>
    public static JsonObject Body(string commentId, CommentReply reply)
    {
        JsonObject message = reply.Button is { } button
            ? new JsonObject
            {
                ["attachment"] = new JsonObject
                {
                    ["type"] = "template",
                    ["payload"] = new JsonObject
                    {
                        ["template_type"] = "button",
                        ["text"] = TextSplitter.Label(reply.Text, FacebookMessages.MaxTemplateText),
                        ["buttons"] = new JsonArray(new JsonObject
                        {
                            ["type"] = "postback", ["title"] = TextSplitter.Label(button.Title, FacebookMessages.MaxTitle), ["payload"] = button.Sends,
                        }),
                    },
                },
            }
            : new JsonObject { ["text"] = TextSplitter.Label(reply.Text, FacebookMessages.MaxText) };
        message["metadata"] = FacebookMessages.Metadata;
        return new JsonObject
        {
            ["recipient"] = new JsonObject { ["comment_id"] = commentId },
            ["messaging_type"] = "RESPONSE",
            ["message"] = message,
        };
    }
}
