using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Schema;

namespace Chatbot.Bench.Quiz;

/// <summary>The real service on Kestrel (loopback) with a fresh SQLite database, logging at Warning.</summary>
sealed class QuizHost : WebApplicationFactory<Program>
{
    readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "chatbot-bench", Guid.NewGuid().ToString("N"));

    public HttpClient Client { get; private set; } = null!;

    public static QuizHost Start()
    {
        var host = new QuizHost();
        host.UseKestrel(0);
        host.StartServer();
        host.Client = host.CreateClient();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
    }

    /// <summary>Starts the quiz and chooses a ward (untimed), leaving the conversation on question 1.</summary>
    public static async Task PrepareAsync(HttpClient client, string conversation)
    {
        await Load.PostAsync(client, conversation, "Làm bài trắc nghiệm");
        await Load.PostAsync(client, conversation, "Sài Gòn");
    }

    /// <summary>Answers the current question (timed); when an attempt is finished, starts the next one (untimed).</summary>
    public static async Task<bool> AnswerAsync(HttpClient client, string conversation)
    {
        var replies = await Load.PostAsync(client, conversation, "A");
        if (replies.Any(r => r.Text?.Contains("✅") == true || r.Text?.Contains("❌") == true))
        {
            if (replies.Any(r => r.Text?.Contains("Hoàn thành") == true))
                await Load.PostAsync(client, conversation, "Làm bài trắc nghiệm");
            return true;
        }
        throw new HttpRequestException("not an answer: " + string.Join(" | ", replies.Select(r => r.Text)));
    }

    public override async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, true); } catch (IOException) { }
    }
}
