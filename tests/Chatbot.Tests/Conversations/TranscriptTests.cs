using Chatbot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using YamlDotNet.Serialization;

namespace Chatbot.Tests.Conversations;

/// <summary>
/// Conversations written as YAML under Transcripts/: a list of steps, each one of
/// <c>user: text</c> (sent through /api/messages), <c>bot: text</c> (the replies to the last user line contain it),
/// <c>not: text</c> (they do not), <c>button: label</c> (the last buttons include it), <c>buttons: n</c> (at most n),
/// <c>silent: ""</c> (the bot sent nothing: a person owns the conversation).
/// </summary>
public sealed class TranscriptTests
{
    static string Folder => Path.Combine(AppContext.BaseDirectory, "Conversations", "Transcripts");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.yaml").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory, MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        var steps = new Deserializer().Deserialize<List<Dictionary<string, string>>>(File.ReadAllText(Path.Combine(Folder, file)));
        await using var app = await ChatbotApp.StartAsync();
        IReadOnlyList<Activity> replies = [];
        var last = "(nothing sent yet)";
        foreach (var (kind, value) in steps.SelectMany(s => s))
        {
            var context = $"{file}, after «{last}»; replies:\n{replies.Texts()}\nbuttons: {string.Join(" | ", replies.Buttons())}";
            switch (kind)
            {
                case "user":
                    last = value;
                    replies = await app.SayAsync(value, conversation: "transcript-" + file);
                    Assert.All(replies, r => Assert.True(r.Text?.Length <= 2000, $"message over 2,000 characters in {context}"));
                    Assert.All(replies, r => Assert.True((r.SuggestedActions?.Actions?.Count ?? 0) <= 5, $"more than 5 buttons in {context}"));
                    Assert.All(replies.SelectMany(r => r.SuggestedActions?.Actions ?? []), a => Assert.True(a.Title.Length <= 20, $"label «{a.Title}» over 20 characters"));
                    break;
                case "bot":
                    Assert.True(replies.Texts().Contains(value, StringComparison.Ordinal), $"expected «{value}» in {context}");
                    break;
                case "not":
                    Assert.False(replies.Texts().Contains(value, StringComparison.Ordinal), $"did not expect «{value}» in {context}");
                    break;
                case "button":
                    Assert.True(replies.Buttons().Contains(value), $"expected button «{value}» in {context}");
                    break;
                case "silent":
                    Assert.True(replies.Count == 0, $"expected no reply in {context}");
                    break;
                case "buttons":
                    Assert.True(replies.Buttons().Count <= int.Parse(value), $"expected at most {value} buttons in {context}");
                    break;
                default:
                    throw new InvalidOperationException($"{file}: unknown step «{kind}»");
            }
        }
    }
}
