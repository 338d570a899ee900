namespace Chatbot.Web.Broadcasting;

public static class PostStates
{
    public const string Draft = "draft";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Scheduled = "scheduled";
    public const string Publishing = "publishing";
    public const string Published = "published";
    public const string Failed = "failed";
    public const string NeedsCheck = "needs_check";
    public const string Cancelled = "cancelled";

    /// <summary>A state as staff read it (console pages and the workflow's refusals): «Chờ duyệt», not awaiting_approval.</summary>
    public static string Name(string state) => state switch
    {
        Draft => "Bản nháp",
        AwaitingApproval => "Chờ duyệt",
        Scheduled => "Đã lên lịch",
        Publishing => "Đang đăng",
        Published => "Đã đăng",
        Failed => "Lỗi",
        NeedsCheck => "Cần đối chiếu",
        Cancelled => "Đã hủy",
        _ => state,
    };
}

public sealed record PostRow
{
    public long Id { get; init; }
    public string Text { get; init; } = "";
    public string? Link { get; init; }
    public string? ImageUrl { get; init; }
    public bool AllWards { get; init; }
    public string Platforms { get; init; } = "";
    public string State { get; init; } = "";
    public DateTimeOffset? PublishAt { get; init; }
    public string? Cron { get; init; }
    public DateTimeOffset? RecurUntil { get; init; }
    public DateTimeOffset? NextOccurrence { get; init; }
    public string? Campaign { get; init; }
    public long AuthorId { get; init; }
    public long? ApprovedBy { get; init; }
    /// <summary>Who last changed the text, time or targets (null: nobody since the author created it).</summary>
    public long? EditedBy { get; init; }
    public string? ReviewComment { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<Channels.PlatformId> PlatformList =>
        Platforms.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => new Channels.PlatformId(p)).ToList();
}

public sealed record DeliveryRow
{
    public long Id { get; init; }
    public long PostId { get; init; }
    public string ChannelId { get; init; } = "";
    public string WardId { get; init; } = "";
    public string Platform { get; init; } = "";
    public DateTimeOffset DueAt { get; init; }
    public string State { get; init; } = "";
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public string? PlatformPostId { get; init; }
    public string? ArticleToken { get; init; }
    public string? ArticleId { get; init; }
    public bool Sandbox { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? EnqueuedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
}

public sealed record SandboxPost
{
    public long Id { get; init; }
    public long DeliveryId { get; init; }
    public string ChannelId { get; init; } = "";
    public string Platform { get; init; } = "";
    public string Text { get; init; } = "";
    public string? Link { get; init; }
    public string? ImageUrl { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
