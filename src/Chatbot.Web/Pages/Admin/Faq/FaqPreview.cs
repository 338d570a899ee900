using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Pages.Admin.Faq;

/// <summary>What the console's preview says the bot would do with a typed question, in staff words.</summary>
public sealed record FaqPreview(string Question, string Verdict, string? Text, IReadOnlyList<string> Options)
{
    public static FaqPreview Of(string question, KnowledgeDecision decision, string draftId) => decision switch
    {
        { Kind: DecisionKind.Answer, Faq.Entry: { } f } when f.Id == draftId =>
            new(question, "Bot trả lời bằng mục này (nội dung đang soạn):", f.Answer, []),
        { Kind: DecisionKind.Answer, Faq.Entry: { } f } =>
            new(question, $"Bot trả lời bằng một mục khác: «{f.Question}»", f.Answer, []),
        { Kind: DecisionKind.Answer, Difference: { } d } =>
            new(question, $"Bot trả lời bằng điểm {d.Number}/17: {d.Title}", d.Summary, []),
        { Kind: DecisionKind.Clarify } =>
            new(question, "Bot chưa chắc và hỏi lại «Có phải bạn muốn hỏi về…» với các nút:", null,
                decision.Candidates.Select(c => $"Điểm {c.Difference.Number}: {c.Difference.Label}").ToList()),
        { Reason: NoneReason.SmallTalk } => new(question, "Bot coi đây là lời chào hỏi, trò chuyện và đáp ngắn; không trả lời bằng nội dung hỏi đáp.", null, []),
        { Reason: NoneReason.Support } => new(question, "Bot coi đây là câu hỏi hỗ trợ dùng ứng dụng, dịch vụ và chỉ chỗ được hỗ trợ; không trả lời bằng nội dung hỏi đáp.", null, []),
        _ => new(question, "Bot coi đây là câu ngoài phạm vi và không trả lời bằng nội dung hỏi đáp. Hãy thêm câu này vào «Câu hỏi mẫu» nếu muốn mục trả lời nó.", null, []),
    };
}
