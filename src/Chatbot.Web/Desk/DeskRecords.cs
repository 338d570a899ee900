namespace Chatbot.Web.Desk;

public static class ThreadStates
{
    public const string Waiting = "waiting";
    public const string Open = "open";
    public const string Closed = "closed";

    public static bool IsKnown(string? state) => state is Waiting or Open or Closed;
}

public sealed record DeskThread
{
    public long Id { get; init; }
    public string Channel { get; init; } = "";
    public string ConversationId { get; init; } = "";
    public string UserId { get; init; } = "";
    public string? AccountId { get; init; }
    public string? WardId { get; init; }
    public string State { get; init; } = "";
    public string Origin { get; init; } = "";
    public string? AssignedTo { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset LastCitizenAt { get; init; }
    public DateTimeOffset? FirstResponseAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedBy { get; init; }
}

public sealed record DeskMessage
{
    public long Id { get; init; }
    public long ThreadId { get; init; }
    public string Author { get; init; } = "";
    public string? StaffName { get; init; }
    public string Text { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? Status { get; init; }
    public string? Reason { get; init; }
}

public static class Authors
{
    public const string Citizen = "citizen";
    public const string Bot = "bot";
    public const string Staff = "staff";
    /// <summary>Typed by staff in the platform's own inbox (an echo we did not send).</summary>
    public const string Platform = "platform";
}

/// <param name="Lines">What the conversation said before the hand-off, oldest first (author, text, time).</param>
public sealed record NewThread(string Channel, string ConversationId, string UserId, string? AccountId, string? WardId, string Origin,
    DateTimeOffset At, IReadOnlyList<(string Author, string Text, DateTimeOffset At)> Lines);
