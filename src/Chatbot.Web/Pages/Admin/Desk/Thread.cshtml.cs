using Chatbot.Web.Desk;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Desk;

/// <summary>
/// One conversation handed to staff: what the citizen and the bot said before, the citizen's messages since and the
/// staff replies with their delivery status; the reply box (text and a link) when the platform's window is open, else
/// why not and what the citizen can do. Another ward's thread is 404. Every action goes through <see cref="DeskWorkflow"/>.
/// </summary>
internal sealed class ThreadModel(DeskWorkflow workflow, DeskThreads threads, ReplyWindow windows, DeskNames names, FaqDrafts drafts,
    Staff.AuditLog audit) : ConsolePage
{
    public IReadOnlySet<long> Proposed { get; private set; } = new HashSet<long>();

    /// <summary>The citizen's message a staff answer most likely answers: the last one before it.</summary>
    public string QuestionFor(DeskMessage answer) =>
        Messages.LastOrDefault(m => m.Author == Authors.Citizen && m.Id < answer.Id)?.Text ?? "";

    public static bool CanPropose(DeskMessage m) =>
        m.Author is Authors.Staff or Authors.Platform && m.Status is DeskDelivery.Sent or DeskDelivery.OnPage or DeskDelivery.Sandbox;

    public DeskThread Thread { get; private set; } = null!;
    public IReadOnlyList<DeskMessage> Messages { get; private set; } = [];
    public ReplyWindowState? Window { get; private set; }
    public string ChannelName => names.Channel(Thread);
    public string WardName => names.Ward(Thread.WardId);

    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Link { get; set; }

    string Back => $"/admin/inbox/{RouteData.Values["id"]}";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await workflow.FindAsync(id, Staff, ct) is not { } thread) return NotFound();
        Thread = thread;
        Messages = await threads.MessagesAsync(id, ct);
        Window = thread.State == ThreadStates.Closed ? null : await windows.ForAsync(thread, ct);
        Proposed = await drafts.ProposedAsync(id, ct);
        return Page();
    }

    /// <summary>"Turn this answer into an FAQ entry": a draft a DistrictAdmin adopts in the FAQ editor.</summary>
    public async Task<IActionResult> OnPostFaqAsync(long id, long message, string? question, CancellationToken ct)
    {
        if (await workflow.FindAsync(id, Staff, ct) is not { } thread) return NotFound();
        if ((await threads.MessagesAsync(id, ct)).FirstOrDefault(m => m.Id == message && CanPropose(m)) is not { } answer) return NotFound();
        var q = Knowledge.VietnameseText.Nfc(question).Trim();
        if (q.Length is 0 or > FaqDrafts.MaxQuestion)
        {
            TempData["Message"] = $"Câu hỏi của bản nháp phải có từ 1 đến {FaqDrafts.MaxQuestion} ký tự.";
            return Redirect(Back);
        }
        if (await drafts.ProposeAsync(thread, answer, q, Staff.Name, ct) is { } draftId)
        {
            await audit.WriteAsync(Staff.Name, "desk.faq-draft", $"faq-draft:{draftId}", thread.WardId, $"«{Snippet(q, 200)}»", ct);
            TempData["Message"] = "Đã gửi bản nháp câu hỏi thường gặp cho quản trị quận xem xét; nội dung chính thức không thay đổi.";
        }
        else TempData["Message"] = "Câu trả lời này đã được đề xuất trước đó.";
        return Redirect(Back);
    }

    public async Task<IActionResult> OnPostReplyAsync(long id, CancellationToken ct)
    {
        if (Link is { Length: > 0 } link && !(Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            TempData["Message"] = "Đường dẫn phải là địa chỉ web đầy đủ, bắt đầu bằng https://";
            TempData["Draft"] = Text;
            return Redirect(Back);
        }
        var body = Link is { Length: > 0 } ? $"{Text?.Trim()}\n{Link.Trim()}" : Text;
        var result = await workflow.ReplyAsync(id, Staff, body, ct);
        if (result.Problem is { Kind: DeskProblemKind.NotFound }) return NotFound();
        if (result.Problem is { } problem)
        {
            TempData["Message"] = problem.Title + ". " + problem.Detail;
            TempData["Draft"] = Text;
        }
        else TempData["Message"] = "Trả lời: " + DeskDelivery.Name(result.Message!.Status) + ".";
        return Redirect(Back);
    }

    public async Task<IActionResult> OnPostAssignAsync(long id, CancellationToken ct) =>
        Answer(await workflow.AssignToMeAsync(id, Staff, ct), "Bạn đã nhận xử lý cuộc trò chuyện này.");

    public async Task<IActionResult> OnPostCloseAsync(long id, CancellationToken ct) =>
        Answer(await workflow.CloseAsync(id, Staff, ct), "Đã đóng; trợ lý tự động tiếp tục trò chuyện với người dân và đã báo cho họ.");

    IActionResult Answer(DeskProblem? problem, string done)
    {
        if (problem is { Kind: DeskProblemKind.NotFound }) return NotFound();
        TempData["Message"] = problem is null ? done : problem.Title + ". " + problem.Detail;
        return Redirect(Back);
    }
}
