namespace Chatbot.Web.Channels;

/// <summary>Told whenever a citizen writes on a platform (a message, postback or referral, at the event's time): the
/// subscriptions restart the window the notifier judges by; a platform that counts sends restarts its count.</summary>
public interface ICitizenWrote
{
    Task WroteAsync(PlatformId platform, string userId, DateTimeOffset at, CancellationToken ct);
}

/// <summary>
/// A platform's count of messages sent to a citizen since they last wrote (Zalo: the free CS allowance, platforms.md
/// §1.5): restarted when the citizen writes (it is an <see cref="ICitizenWrote"/> too), counted in the same transaction
/// as the outbound_log row of a message that went, read for a batch of citizens when ward news is pushed.
/// </summary>
public interface ISendAllowance
{
    PlatformId Platform { get; }

    Task CountSentAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, string userId, CancellationToken ct);

    /// <summary>What is counted per citizen (absent: nothing sent or written since counting began).</summary>
    Task<IReadOnlyDictionary<string, SendCount>> ReadAsync(IReadOnlyCollection<string> userIds, CancellationToken ct);
}

/// <param name="Since">When the citizen last wrote as the platform counts it; null: sends counted before any message.</param>
/// <param name="Sent">Messages sent to them since.</param>
public sealed record SendCount(DateTimeOffset? Since, int Sent);

/// <summary>Tells every <see cref="ICitizenWrote"/> that a citizen wrote (the channels' inbound path calls it for each event).</summary>
public sealed class CitizenActivity(IEnumerable<ICitizenWrote> listeners)
{
    // All at once: listeners write through the group-commit writer, so together they cost one COMMIT, not one each.
    public Task WroteAsync(PlatformId platform, string userId, DateTimeOffset at, CancellationToken ct) =>
        Task.WhenAll(listeners.Select(l => l.WroteAsync(platform, userId, at, ct)));
}
