using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Broadcasting;

/// <summary>The app with the job server off (jobs run here, directly), pointed at a platform simulator; staff helpers.</summary>
public sealed class BroadcastKit : IAsyncDisposable
{
    public ChatbotApp App { get; private set; } = null!;
    public PlatformSimulator Simulator { get; private set; } = null!;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="connected">Channels given an access token (published to the simulator); the rest go to the sandbox.</param>
    public static async Task<BroadcastKit> StartAsync(StorageProvider? provider = null, IEnumerable<string>? connected = null,
        Action<ChatbotApp>? configure = null)
    {
        var kit = new BroadcastKit { Simulator = await PlatformSimulator.StartAsync() };
        kit.App = await ChatbotApp.StartAsync(provider, app => kit.Configure(app, connected, configure));
        return kit;
    }

    public void Configure(ChatbotApp app, IEnumerable<string>? connected, Action<ChatbotApp>? configure)
    {
        app.With("Jobs:ServerEnabled", "false")
            .With("Facebook:GraphBaseUrl", Simulator.GraphBaseUrl)
            .With("Zalo:ApiBaseUrl", Simulator.ZaloApiBaseUrl)
            .With("Broadcasting:TransientBaseDelay", "00:00:00.010")
            .With("Broadcasting:ArticleVerifyPolls", "1");
        foreach (var channel in connected ?? []) app.With($"Channels:{channel}:AccessToken", "test-token-" + channel);
        configure?.Invoke(app);
    }

    /// <summary>Restarts the app on the same database (a process restart).</summary>
    public async Task RestartAsync(IEnumerable<string>? connected = null, Action<ChatbotApp>? configure = null)
    {
        var clock = App.Clock.GetUtcNow();
        var old = App;
        await old.StopAsync();
        App = ChatbotApp.OnSameDatabase(old, app => { app.Clock.SetUtcNow(clock); Configure(app, connected, configure); });
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public Task<HttpClient> StaffAsync(string name, string role, string? ward) => App.StaffApiAsync(name, role, ward);

    public static async Task<PostView> ReadPostAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<PostView>(body, Json)!;
    }

    /// <summary>Creates, submits and approves a post (editor and approver of <paramref name="ward"/>, or admins for "all").</summary>
    public async Task<PostView> ScheduledPostAsync(object request, string ward = "sai-gon")
    {
        var (author, approver) = ward == "all"
            ? (await StaffAsync("admin-1", Roles.DistrictAdmin, null), await StaffAsync("admin-2", Roles.DistrictAdmin, null))
            : (await StaffAsync($"editor-{ward}", Roles.WardEditor, ward), await StaffAsync($"approver-{ward}", Roles.WardApprover, ward));
        var created = await ReadPostAsync(await author.PostAsJsonAsync("/api/posts", request));
        await ReadPostAsync(await author.PostAsync($"/api/posts/{created.Id}/submit", null));
        return await ReadPostAsync(await approver.PostAsync($"/api/posts/{created.Id}/approve", null));
    }

    /// <summary>What the job server would do, run here: dispatch, then every due scheduled delivery, until nothing is
    /// left to do; retries are waited for by moving the fake clock past the delay.</summary>
    public async Task RunJobsUntilSettledAsync(int maxRounds = 20)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            await Get<DispatchJob>().RunAsync(default);
            var scheduled = await Get<DeliveryStore>().InStateAsync(PostStates.Scheduled, 10_000, default);
            var due = scheduled.Where(d => d.DueAt <= App.Clock.GetUtcNow()).ToList();
            if (due.Count == 0 && scheduled.Count == 0) return;
            if (due.Count == 0) { App.Clock.SetUtcNow(scheduled.Min(d => d.DueAt)); continue; }
            await Task.WhenAll(due.Select(d => Get<PublishDeliveryJob>().RunAsync(d.Id, default)));
        }
    }

    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync()
    {
        await using var conn = await Get<IDbConnectionFactory>().OpenAsync();
        return (await conn.QueryAsync<DeliveryRow>("SELECT * FROM deliveries ORDER BY id")).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
