using Chatbot.Web.Desk;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Desk;

/// <summary>
/// One conversation handed to staff: what the citizen and the bot said before, the citizen's messages since and the
/// staff replies with their delivery status; the reply box (text and a link) when the platform's window is open, else
/// why not and what the citizen can do. Another ward's thread is 404. Every action goes through <see cref="DeskWorkflow"/>.
/// </summary>
internal sealed class ThreadModel(DeskWorkflow workflow, DeskThreads threads, ReplyWindow windows, DeskNames names) : ConsolePage
{
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
        return Page();
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
