using Chatbot.Simulator;

namespace Chatbot.Bench.Webhooks;

/// <summary>When the simulator received the first Send API call for each recipient. Reads the simulator's append-only
/// list of sent messages incrementally, so polling it stays cheap with tens of thousands of messages.</summary>
internal sealed class FirstReplies(MessagingState messaging)
{
    readonly Dictionary<string, DateTimeOffset> first = new();
    int consumed;

    public bool Has(string recipient)
    {
        lock (first)
        {
            Catch();
            return first.ContainsKey(recipient);
        }
    }

    /// <summary>How many of <paramref name="recipients"/> have had a reply: one catch-up for the whole count.</summary>
    public int CountOf(IEnumerable<string> recipients)
    {
        lock (first)
        {
            Catch();
            return recipients.Count(first.ContainsKey);
        }
    }

    public DateTimeOffset? At(string recipient)
    {
        lock (first)
        {
            Catch();
            return first.TryGetValue(recipient, out var at) ? at : null;
        }
    }

    public async Task<DateTimeOffset> WaitAsync(string recipient)
    {
        while (true)
        {
            if (At(recipient) is { } at) return at;
            await Task.Delay(1);
        }
    }

    void Catch()
    {
        // Enumerating the simulator's queue walks it from the start, so only when something new arrived.
        if (messaging.Sent.Count == consumed) return;
        foreach (var m in messaging.Sent.Skip(consumed))
        {
            consumed++;
            first.TryAdd(m.Recipient, m.At);
        }
    }
}
