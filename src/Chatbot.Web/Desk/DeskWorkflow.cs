using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;

namespace Chatbot.Web.Desk;

public enum DeskProblemKind { NotFound, Invalid, Closed, WindowClosed }

/// <summary>Why an action was refused: a Vietnamese sentence for the reply box or a ProblemDetails.</summary>
public sealed record DeskProblem(DeskProblemKind Kind, string Title, string Detail);

/// <summary>What became of a staff reply: its stored message (with its delivery status), or why nothing was stored.</summary>
public sealed record DeskReplyResult(DeskMessage? Message, DeskProblem? Problem);

/// <summary>
/// The rules of the ward inbox, shared by the console and /api/inbox: scope (a ward's staff see their ward's threads
/// only; anything else is "not found"), replies (stored before sending, sent once, in order), assignment, closing,
/// and the audit of each.
/// </summary>
public sealed class DeskWorkflow(DeskThreads threads, ReplyWindow windows, ICitizenMessenger messenger, Platforms platforms,
    MenuContent content, AuditLog audit, TimeProvider clock, ILogger<DeskWorkflow> logger)
{
    public const int MaxReplyLength = 2000;

    /// <summary>Sends of one thread run one at a time in this process, oldest stored reply first.</summary>
    readonly Conversations.KeyedGate gates = new();

    public Task<DeskThread?> FindAsync(long id, CurrentStaff staff, CancellationToken ct) => threads.FindAsync(id, WardScope.Of(staff), ct);

    public async Task<DeskReplyResult> ReplyAsync(long threadId, CurrentStaff staff, string? text, CancellationToken ct)
    {
        if (await FindAsync(threadId, staff, ct) is not { } thread)
            return new(null, new DeskProblem(DeskProblemKind.NotFound, "Không tìm thấy cuộc trò chuyện", $"Không có cuộc trò chuyện #{threadId} trong phạm vi của bạn."));
        var body = VietnameseText.Nfc(text).Trim();
        if (body.Length == 0) return new(null, Invalid("Bạn chưa nhập nội dung trả lời."));
        if (body.Length > MaxReplyLength) return new(null, Invalid($"Tin trả lời dài {body.Length} ký tự, quá giới hạn {MaxReplyLength} ký tự."));
        if (thread.State == ThreadStates.Closed)
            return new(null, new DeskProblem(DeskProblemKind.Closed, "Cuộc trò chuyện đã đóng", "Cuộc trò chuyện đã đóng và trả lại cho trợ lý; khi người dân chọn «Gặp cán bộ» lần nữa, một cuộc mới sẽ mở."));
        var window = await windows.ForAsync(thread, ct);
        if (!window.Open)
            return new(null, new DeskProblem(DeskProblemKind.WindowClosed, "Không gửi được: " + window.Summary, window.Refusal!));

        if (await threads.QueueReplyAsync(thread.Id, staff.Name, body, clock.GetUtcNow(), ct) is not { } messageId)
            return new(null, new DeskProblem(DeskProblemKind.Closed, "Cuộc trò chuyện đã đóng", "Cuộc trò chuyện vừa được đóng; tin chưa được gửi."));
        await SendQueuedAsync(thread, ct);
        var stored = (await threads.MessagesAsync(thread.Id, ct)).Single(m => m.Id == messageId);
        await audit.WriteAsync(staff.Name, "desk.reply", $"thread:{thread.Id}", thread.WardId,
            $"«{Snippet(body)}» → {DeskDelivery.Name(stored.Status)}{(stored.Reason is null ? "" : " (" + stored.Reason + ")")}", ct);
        return new(stored, null);
    }

    public async Task<DeskProblem?> AssignToMeAsync(long threadId, CurrentStaff staff, CancellationToken ct)
    {
        if (await FindAsync(threadId, staff, ct) is not { } thread) return NotFound(threadId);
        if (!await threads.AssignAsync(thread.Id, staff.Name, ct))
            return new DeskProblem(DeskProblemKind.Closed, "Cuộc trò chuyện đã đóng", "Không nhận được cuộc trò chuyện đã đóng.");
        await audit.WriteAsync(staff.Name, "desk.assign", $"thread:{thread.Id}", thread.WardId, $"nhận xử lý (trước đó: {thread.AssignedTo ?? "chưa ai"})", ct);
        return null;
    }

    /// <summary>Closes the thread, hands the conversation back to the bot and tells the citizen so (once).</summary>
    public async Task<DeskProblem?> CloseAsync(long threadId, CurrentStaff staff, CancellationToken ct)
    {
        if (await FindAsync(threadId, staff, ct) is not { } thread) return NotFound(threadId);
        if (thread.State == ThreadStates.Closed) return null; // closing twice changes nothing and tells nobody twice
        var notice = await threads.QueueReplyAsync(thread.Id, "", content.Text("handoff_closed_by_staff"), clock.GetUtcNow(), ct, Authors.Bot);
        if (!await threads.CloseAsync(thread.Id, staff.Name, clock.GetUtcNow(), ct)) return null;
        await audit.WriteAsync(staff.Name, "desk.close", $"thread:{thread.Id}", thread.WardId, "đóng, trả cuộc trò chuyện cho trợ lý", ct);
        if (notice is not null && (await windows.ForAsync(thread, ct)).Open) await SendQueuedAsync(thread, ct);
        else if (notice is { } id && await threads.ClaimReplyAsync(id, ct))
            await threads.FinishReplyAsync(id, thread.Id, DeskDelivery.Refused, "ngoài thời hạn trả lời của nền tảng", "", clock.GetUtcNow(), ct);
        return null;
    }

    /// <summary>Sends every stored reply of the thread that no sender has claimed yet, oldest first: two officers
    /// answering at once both go out, in the order they were stored. A claim is a compare-and-set, so another instance
    /// draining the same thread never sends one twice.</summary>
    async Task SendQueuedAsync(DeskThread thread, CancellationToken ct)
    {
        using var _ = await gates.EnterAsync(thread.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        foreach (var m in (await threads.MessagesAsync(thread.Id, ct)).Where(m => m.Status == DeskDelivery.Queued))
        {
            if (!await threads.ClaimReplyAsync(m.Id, ct)) continue;
            var (status, reason) = await DeliverAsync(thread, m, ct);
            await threads.FinishReplyAsync(m.Id, thread.Id, status, reason, m.Author == Authors.Staff ? m.StaffName ?? "" : null, clock.GetUtcNow(), ct);
        }
    }

    async Task<(string Status, string? Reason)> DeliverAsync(DeskThread thread, DeskMessage m, CancellationToken ct)
    {
        if (platforms.Find(thread.Channel) is null) return (DeskDelivery.OnPage, null); // web chat fetches it
        try
        {
            var outcome = await messenger.ReplyAsync(new PersonReply(thread.Channel, thread.ConversationId, thread.UserId, thread.AccountId ?? "",
                m.Text, thread.LastCitizenAt, $"desk:{m.Id}"), ct);
            return outcome.Result switch
            {
                CitizenSendResult.Sent => (DeskDelivery.Sent, null),
                CitizenSendResult.Sandbox => (DeskDelivery.Sandbox, outcome.Reason),
                CitizenSendResult.NotAllowed => (DeskDelivery.Refused, outcome.Reason),
                CitizenSendResult.Unknown => (DeskDelivery.Unknown, outcome.Reason),
                _ => (DeskDelivery.Failed, outcome.Reason),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The request may have left: recorded as unknown, never resent.
            logger.LogError(e, "Staff reply {MessageId} of thread {ThreadId} failed while sending", m.Id, thread.Id);
            return (DeskDelivery.Unknown, e.GetType().Name);
        }
    }

    static DeskProblem Invalid(string detail) => new(DeskProblemKind.Invalid, "Tin trả lời không hợp lệ", detail);

    static DeskProblem NotFound(long id) =>
        new(DeskProblemKind.NotFound, "Không tìm thấy cuộc trò chuyện", $"Không có cuộc trò chuyện #{id} trong phạm vi của bạn.");

    static string Snippet(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
