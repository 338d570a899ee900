namespace Chatbot.Web.Channels;

/// <summary>What a push decision knows about a citizen: when they last wrote (message, postback, referral) and how many
/// messages were sent to them since (counted only where a platform has a <see cref="ISendAllowance"/>).</summary>
public sealed record PushFacts(DateTimeOffset LastWrote, int SentSince);

/// <summary>
/// When a message the citizen did not just ask for (ward news to a subscriber) may go; <see cref="Refusal"/> is null when
/// it may, else the reason recorded on the notification (staff read it with the post's counts).
/// </summary>
public abstract record PushRule
{
    public abstract string? Refusal(PushFacts facts, DateTimeOffset now);

    /// <summary>Only while the citizen wrote within <paramref name="Window"/> (Messenger: 24 h, platforms.md §2.5).</summary>
    public sealed record Within(TimeSpan Window, string OutsideReason) : PushRule
    {
        public override string? Refusal(PushFacts facts, DateTimeOffset now) => now - facts.LastWrote > Window ? OutsideReason : null;
    }

    /// <summary>Only while it is free: within <paramref name="Window"/> of the citizen's last message and fewer than
    /// <paramref name="Messages"/> sent since (Zalo CS: 8 within 48 h, platforms.md §1.5).</summary>
    public sealed record Free(TimeSpan Window, int Messages, string OutsideReason, string UsedReason) : PushRule
    {
        public override string? Refusal(PushFacts facts, DateTimeOffset now) =>
            now - facts.LastWrote > Window ? OutsideReason : facts.SentSince >= Messages ? UsedReason : null;
    }

    /// <summary>Whenever the citizen has written once (a bot with no documented window).</summary>
    public sealed record Always : PushRule
    {
        public override string? Refusal(PushFacts facts, DateTimeOffset now) => null;
    }
}
