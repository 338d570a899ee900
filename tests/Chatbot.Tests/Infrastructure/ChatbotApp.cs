using System.Net.Http.Json;
using Chatbot.Web.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;

namespace Chatbot.Tests.Infrastructure;

/// <summary>
/// The real app in-process (WebApplicationFactory) on a real database: a fresh one of the provider given, else of
/// <see cref="TestDatabase.DefaultProvider"/> (SQLite unless CHATBOT_TEST_PROVIDER says Postgres). Extra settings and service overrides come from the test.
/// </summary>
public sealed class ChatbotApp : WebApplicationFactory<Program>
{
    readonly TestDatabase database;
    readonly bool ownsDatabase;
    readonly Dictionary<string, string?> settings = new();
    readonly List<Action<IServiceCollection>> overrides = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
    public TestDatabase Database => database;

    ChatbotApp(TestDatabase database, bool ownsDatabase)
    {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        foreach (var (k, v) in database.Settings()) settings[k] = v;
        // No background job server unless a test asks for one: tests run jobs directly, and a server per test app
        // only competes for the two cores.
        settings["Jobs:ServerEnabled"] = "false";
        // Each app its own instance in inbox claims (in one test process they would share the default): a test that
        // restarts "the same instance" sets the same id on both apps.
        settings["Inbox:InstanceId"] = "test-" + Guid.NewGuid().ToString("N")[..8];
        settings[TestSettings.FastPasswordHashing.Key] = TestSettings.FastPasswordHashing.Value;
    }

    /// <param name="provider">The test's provider; none means <see cref="TestDatabase.DefaultProvider"/>.</param>
    /// <param name="emptyDatabase">Start on an empty database (the app migrates it), not a copy of a migrated one.</param>
    public static async Task<ChatbotApp> StartAsync(StorageProvider? provider = null,
        Action<ChatbotApp>? configure = null, bool emptyDatabase = false)
    {
        var app = new ChatbotApp(await TestDatabase.CreateAsync(provider ?? TestDatabase.DefaultProvider, emptyDatabase ? null : Templates.ForAsync), ownsDatabase: true);
        configure?.Invoke(app);
        _ = app.Server; // start now, so start-up failures surface here
        return app;
    }

    /// <summary>A second app on the same database, as after a restart or on another instance.</summary>
    public static ChatbotApp OnSameDatabase(ChatbotApp other, Action<ChatbotApp>? configure = null)
    {
        var app = new ChatbotApp(other.database, ownsDatabase: false);
        configure?.Invoke(app);
        _ = app.Server;
        return app;
    }

    public ChatbotApp With(string key, string? value) { settings[key] = value; return this; }
    /// <summary>Leaves a setting out altogether (<see cref="With"/> null sets it empty), so the service's default applies.</summary>
    public ChatbotApp Without(string key) { settings.Remove(key); return this; }
    public ChatbotApp WithServices(Action<IServiceCollection> configure) { overrides.Add(configure); return this; }
    public ChatbotApp WithRealClock() { useFakeClock = false; return this; }
    bool useFakeClock = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(services =>
        {
            if (useFakeClock) services.AddSingleton<TimeProvider>(Clock);
            foreach (var o in overrides) o(services);
        });
    }

    /// <summary>Sends one message as a citizen through /api/messages with expectReplies; returns the bot's replies.</summary>
    public Task<IReadOnlyList<Activity>> SayAsync(string text, string conversation = "conv-1", string user = "user-1",
        string channel = "emulator") =>
        SendAsync(new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            Id = Guid.NewGuid().ToString("N"),
        }, conversation, user, channel);

    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity, string conversation = "conv-1",
        string user = "user-1", string channel = "emulator")
    {
        activity.ChannelId ??= channel;
        activity.ServiceUrl ??= "http://localhost";
        activity.From ??= new ChannelAccount(user, "Người dân");
        activity.Recipient ??= new ChannelAccount("bot", "Trợ lý");
        activity.Conversation ??= new ConversationAccount(id: conversation);
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        using var client = CreateClient();
        var json = JsonConvert.SerializeObject(activity);
        using var response = await client.PostAsync("/api/messages", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"/api/messages answered {(int)response.StatusCode}: {body}");
        return JsonConvert.DeserializeObject<ExpectedReplies>(body)?.Activities?.ToList() ?? [];
    }

    /// <summary>Stops the app but keeps its database, as a process exit would.</summary>
    public async Task StopAsync() => await base.DisposeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase) await database.DisposeAsync();
    }
}

public static class ReplyExtensions
{
    /// <summary>The replies' text as a citizen reads it: Markdown hard breaks ("  \n", see MarkdownLineBreaks) as line breaks.</summary>
    public static string Texts(this IEnumerable<Activity> replies) => string.Join("\n", replies.Select(r => r.Text?.Replace("  \n", "\n")));

    public static IReadOnlyList<string> Buttons(this IEnumerable<Activity> replies) =>
        replies.LastOrDefault(r => r.SuggestedActions?.Actions?.Count > 0)?.SuggestedActions.Actions.Select(a => a.Title).ToList() ?? [];
}
