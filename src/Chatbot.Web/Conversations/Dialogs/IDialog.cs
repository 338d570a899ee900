namespace Chatbot.Web.Conversations.Dialogs;

/// <summary>
/// A guided conversation (browse, Q&amp;A, quiz, subscribe, feedback), modelled on Bot Framework's Dialog:
/// begun onto the stack, continued with each user message while on top, resumed after an interruption.
/// Dialogs are stateless singletons; their state is the <see cref="DialogInstance"/> they are given.
/// </summary>
public interface IDialog
{
    /// <summary>Stable id, also used by the main menu in dialogs/menus/main.yaml.</summary>
    string Id { get; }

    Task BeginAsync(DialogContext dc, string? options, CancellationToken ct);

    /// <summary>Handles a message while this dialog is on top. Returns false when the text is not an answer the dialog
    /// expects; the bot then treats it as a question (an interruption) and resumes the dialog afterwards.</summary>
    Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct);

    /// <summary>Re-prompts after an interruption, so the citizen knows where they are.</summary>
    Task ResumeAsync(DialogContext dc, CancellationToken ct);

    /// <summary>True when <paramref name="text"/>, which reads like a global word ("dung" = "dừng"), is also an answer this
    /// dialog expects right now ("Đúng"): the dialog then gets it before the global word is obeyed.</summary>
    Task<bool> ClaimsAsync(DialogContext dc, string text, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>
/// A way into a feature from anywhere in a conversation ("điểm 3", "quiz", "QUIZ AB12CD", "bảng xếp hạng"), tried in
/// <see cref="Order"/> before the active dialog sees the text... only when the phrase is unambiguous.
/// </summary>
public interface ITopicTrigger
{
    int Order { get; }

    /// <summary>Tried before the active dialog sees the text (privacy requests): no dialog may read it as an answer.</summary>
    bool BeforeActiveDialog => false;

    Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct);
}

/// <summary>Answers free text from the knowledge; returns false when it is not confident enough to claim an answer.</summary>
public interface IQuestionAnswerer
{
    Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct);
}

/// <summary>What the bot says when no answerer is confident (at most one is registered); without one it says
/// "not understood" with the menu.</summary>
public interface IFallbackAnswerer
{
    Task AnswerAsync(DialogContext dc, string text, CancellationToken ct);
}
