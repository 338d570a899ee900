using Chatbot.Web.Storage;
using Microsoft.Bot.Builder;

namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// The numbered choices last offered in a bot conversation, so "2" from the citizen is read as the second choice's words.
/// Kept in the bot state store (<see cref="IStorage"/>, the same table as conversation state) under the conversation's
/// key; replaced by every turn (an answer with no choices forgets them, so a later "2" is just text). Erased with the
/// citizen's data.
/// </summary>
internal sealed class ZaloBotChoices(IStorage storage, ChannelDirectory channels) : IPersonalDataEraser
{
    public sealed class Offered
    {
        public List<string> Choices { get; set; } = [];
    }

    static string Key(string conversationKey) => $"zalo-bot/choices/{conversationKey}";

    /// <summary>The words of the choice the citizen's number names, or the text as it was.</summary>
    public async Task<string> ReadAsync(string conversationKey, string text, CancellationToken ct)
    {
        if (!int.TryParse(text.Trim().TrimEnd('.'), out var number) || number < 1) return text;
        var key = Key(conversationKey);
        var stored = await storage.ReadAsync([key], ct);
        return stored.TryGetValue(key, out var value) && value is Offered offered && number <= offered.Choices.Count ? offered.Choices[number - 1] : text;
    }

    public Task RememberAsync(string conversationKey, IReadOnlyList<string> choices, CancellationToken ct) =>
        choices.Count == 0
            ? storage.DeleteAsync([Key(conversationKey)], ct)
            : storage.WriteAsync(new Dictionary<string, object> { [Key(conversationKey)] = new Offered { Choices = [.. choices] } }, ct);

    /// <summary>A user id belongs to one bot's chats; the keys of every bot channel are dropped (deleting is idempotent).</summary>
    public Task EraseAsync(string channel, string userId, CancellationToken ct) =>
        channel != ZaloBotProfile.Id.Value ? Task.CompletedTask
            : storage.DeleteAsync(channels.All.Where(c => c.Platform == ZaloBotProfile.Id)
                .Select(c => Key($"{channel}:{c.AccountId}:{userId}")).ToArray(), ct);
}
