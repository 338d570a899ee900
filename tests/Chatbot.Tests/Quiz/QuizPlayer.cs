using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Quiz;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Quiz;

/// <summary>A citizen playing through /api/messages who reads each question and knows the answer from the content.</summary>
internal sealed class QuizPlayer(ChatbotApp app, string user, string channel = "emulator")
{
    public string Conversation { get; } = "conv-" + user;
    public IReadOnlyList<Activity> Last { get; private set; } = [];

    public async Task<IReadOnlyList<Activity>> SayAsync(string text)
    {
        Last = await app.SayAsync(text, Conversation, user, channel);
        return Last;
    }

    /// <summary>Taps a button: sends what the button says, as a channel does.</summary>
    public Task<IReadOnlyList<Activity>> TapAsync(string label) =>
        SayAsync((string)Last.Last(r => r.SuggestedActions?.Actions?.Count > 0).SuggestedActions.Actions.Single(a => a.Title == label).Value);

    /// <summary>The question on screen: its text (question + "A. …" lines), the content question and letters.</summary>
    public (string Text, QuizQuestion Question, string Correct, string Wrong, string CorrectOption) Current()
    {
        var text = Last.Last(r => r.Text?.Contains("\nA. ") == true).Text.Replace("  \n", "\n"); // Markdown hard breaks read as lines
        var catalog = app.Services.GetRequiredService<QuizCatalog>();
        var question = catalog.Default.Questions.Where(q => text.Contains(q.Ask)).MaxBy(q => q.Ask.Length)
                       ?? throw new InvalidOperationException("No question in: " + text);
        var options = text.Split('\n').Where(l => l.Length > 3 && l[1] == '.' && l[2] == ' ').ToList();
        var correct = options.Single(l => l[3..] == question.Options[question.Correct]);
        var wrong = options.First(l => l != correct);
        return (text, question, correct[..1], wrong[..1], correct[3..]);
    }

    /// <summary>Answers every remaining question, rightly or wrongly; returns the last replies (the results).</summary>
    public async Task<IReadOnlyList<Activity>> FinishAsync(bool correct)
    {
        while (Last.Buttons() is ["A", ..])
            await SayAsync(correct ? Current().Correct : Current().Wrong);
        return Last;
    }

    public async Task StartAsync(string start = "Làm bài trắc nghiệm", string ward = "Sài Gòn")
    {
        await SayAsync(start);
        if (Last.Texts().Contains("phường của bạn")) await SayAsync(ward);
        Assert.Equal("A", Last.Buttons().FirstOrDefault());
    }
}
