using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations.Dialogs;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Conversations;

/// <summary>
/// A tiny dialog that counts "tiếp" messages in its dialog state, so a test sees state only storage can carry: a lost,
/// doubled or stale turn shows in the numbers.
/// </summary>
internal sealed class CounterDialog : IDialog, ITopicTrigger
{
    /// <summary>Adds the dialog to a test app (as <c>configure</c> of <see cref="ChatbotApp.StartAsync"/> or <see cref="ChatbotApp.OnSameDatabase"/>).</summary>
    public static void AddTo(ChatbotApp app) => app.WithServices(s =>
    {
        s.AddSingleton<CounterDialog>();
        s.AddSingleton<IDialog>(sp => sp.GetRequiredService<CounterDialog>());
        s.AddSingleton<ITopicTrigger>(sp => sp.GetRequiredService<CounterDialog>());
    });

    public string Id => "counter";
    public int Order => 0;

    public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (text != "đếm") return false;
        await dc.BeginAsync(Id, null, ct);
        return true;
    }

    public Task BeginAsync(DialogContext dc, string? options, CancellationToken ct) => dc.SendAsync("Bắt đầu đếm: 0", ct);

    public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (text != "tiếp") return false;
        var n = dc.Active!.GetInt("n") + 1;
        dc.Active.Set("n", n);
        await dc.SendAsync($"Đếm: {n}", ct);
        return true;
    }

    public Task ResumeAsync(DialogContext dc, CancellationToken ct) => Task.CompletedTask;
}
