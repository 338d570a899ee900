namespace Chatbot.Web.Desk;

/// <summary>A thread as /api/inbox shows it; times in Vietnam time.</summary>
public sealed record InboxThreadView(long Id, string Channel, string ChannelName, string? WardId, string WardName, string State,
    string Origin, string? AssignedTo, DateTimeOffset RequestedAt, DateTimeOffset LastCitizenAt, DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ClosedAt, int WaitingMinutes, InboxWindowView? Window, IReadOnlyList<InboxMessageView>? Messages);

/// <param name="Summary">«còn 20 giờ để trả lời trên Messenger».</param>
/// <param name="Refusal">Why a reply cannot go now and what the citizen can do; null when it can.</param>
public sealed record InboxWindowView(bool Open, string Summary, string? Refusal);

/// <param name="Status">Staff replies: queued | sending | sent | on-page | sandbox | unknown | refused | failed.</param>
public sealed record InboxMessageView(long Id, string Author, string AuthorName, string Text, DateTimeOffset CreatedAt, string? Status,
    string? StatusName, string? Reason);

/// <summary>Builds the API's views (one place, so the console and API name things alike).</summary>
public sealed class DeskViews(DeskThreads threads, ReplyWindow windows, DeskNames names, TimeProvider clock)
{
    public async Task<InboxThreadView> ThreadAsync(DeskThread t, bool withMessages, CancellationToken ct)
    {
        var window = t.State == ThreadStates.Closed ? null : await windows.ForAsync(t, ct);
        var messages = withMessages ? (await threads.MessagesAsync(t.Id, ct)).Select(Message).ToList() : null;
        return new InboxThreadView(t.Id, t.Channel, names.Channel(t), t.WardId, names.Ward(t.WardId), t.State, t.Origin, t.AssignedTo,
            VietnamTime.ToLocal(t.RequestedAt), VietnamTime.ToLocal(t.LastCitizenAt), Local(t.FirstResponseAt), Local(t.ClosedAt),
            (int)((t.ClosedAt ?? t.FirstResponseAt ?? clock.GetUtcNow()) - t.RequestedAt).TotalMinutes,
            window is null ? null : new InboxWindowView(window.Open, window.Summary, window.Refusal), messages);
    }

    public static InboxMessageView Message(DeskMessage m) =>
        new(m.Id, m.Author, DeskNames.Author(m), m.Text, VietnamTime.ToLocal(m.CreatedAt), m.Status,
            m.Status is null ? null : DeskDelivery.Name(m.Status), m.Reason);

    static DateTimeOffset? Local(DateTimeOffset? utc) => utc is { } t ? VietnamTime.ToLocal(t) : null;
}
