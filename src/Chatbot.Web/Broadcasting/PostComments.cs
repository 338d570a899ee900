using System.Text.RegularExpressions;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Publishing;
using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Quiz;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// The private reply a comment on a published ward post gets (platforms.md §6, issue 15 proof 1). A quiz word («QUIZ»,
/// «trắc nghiệm», «thi», as words, folded) gets a button that starts the quiz with the ward's team code; a question gets
/// a short answer when question answering decides to answer, else a pointer to the chat; anything else gets nothing.
/// </summary>
internal sealed partial class PostComments(IDbConnectionFactory db, KnowledgeIndex knowledge, WardRegistry registry, MenuContent content)
    : ICommentAnswerer
{
    /// <summary>A private reply is one message; an answer longer than this is cut at a word and points to the chat.</summary>
    public const int MaxAnswer = 600;

    // «thi» only unaccented: folding would also read the everyday «thì» (then) as a quiz word.
    [GeneratedRegex(@"\b(quiz|trac nghiem)\b")]
    private static partial Regex QuizWord();

    [GeneratedRegex(@"(?<![\p{L}\p{Mn}])thi(?![\p{L}\p{Mn}])", RegexOptions.IgnoreCase)]
    private static partial Regex Thi();

    [GeneratedRegex(@"\b(gi|sao|the nao|bao gio|o dau|bao nhieu|lam sao|hoi)\b")]
    private static partial Regex QuestionWord();

    public async Task<WardPostComment?> DecideAsync(PlatformId platform, string platformPostId, string text, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var posts = await conn.QueryAsync<(long PostId, string WardId)>(new CommandDefinition("""
            SELECT post_id, ward_id FROM deliveries WHERE platform = @platform AND platform_post_id = @platformPostId AND sandbox = @sandbox
            ORDER BY id LIMIT 1
            """, new { platform = platform.Value, platformPostId, sandbox = false }, cancellationToken: ct));
        if (posts.FirstOrDefault() is not { PostId: > 0 } found) return null;
        return new WardPostComment(found.PostId, found.WardId, await ReplyAsync(found.WardId, text, ct));
    }

    async Task<CommentReply> ReplyAsync(string wardId, string text, CancellationToken ct)
    {
        var normalized = text.Normalize(System.Text.NormalizationForm.FormC);
        if (QuizWord().IsMatch(VietnameseText.Fold(normalized)) || Thi().IsMatch(normalized))
        {
            // The ward's first active team: its code carries the citizen into the ward's standings.
            var start = (await registry.CurrentAsync(ct)).FirstActiveTeamOf(wardId) is { } team ? QuizLinks.TypedCode(team.Code) : content.Text("comment_quiz_button");
            return new CommentReply(CommentReplyKind.Quiz, content.Text("comment_quiz"), (content.Text("comment_quiz_button"), start));
        }
        var decision = (await knowledge.CurrentAsync(ct)).Decide(normalized);
        // Only a question gets an answer: a comment that merely praises or mentions the topic is left alone.
        var asks = normalized.Contains('?') || QuestionWord().IsMatch(VietnameseText.Fold(normalized));
        if (!asks) return new CommentReply(CommentReplyKind.None, "");
        if (decision.Kind == DecisionKind.Answer && Short(decision) is { Length: > 0 } answer)
            return new CommentReply(CommentReplyKind.Answer, string.Format(content.Text("comment_answer"), answer));
        return decision.Kind == DecisionKind.Clarify
            ? new CommentReply(CommentReplyKind.Pointer, content.Text("comment_pointer"))
            : new CommentReply(CommentReplyKind.None, "");
    }

    static string Short(KnowledgeDecision decision)
    {
        var text = decision.Faq is { } faq ? faq.Entry.Answer : decision.Difference is { } d ? $"{d.Title}: {d.Summary}" : "";
        if (text.Length <= MaxAnswer) return text;
        var cut = text.LastIndexOf(' ', MaxAnswer - 1);
        return text[..(cut > 0 ? cut : MaxAnswer - 1)] + "…";
    }
}
