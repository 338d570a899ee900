using System.Text;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels;

/// <summary>The app wired to a platform simulator with real secrets and fast retries; signed webhook helpers.</summary>
public sealed class ChannelKit : IAsyncDisposable
{
    public const string AppSecret = "test-app-secret";
    public const string VerifyToken = "test-verify-token";
    public const string ZaloAppId = "1234567890";
    public const string ZaloOaSecret = "test-oa-secret";
    public const string PageId = "100000000000001";      // sai-gon-facebook
    public const string OaId = "4000000000000000001";    // sai-gon-zalo

    /// <summary>The test clock's start (ChatbotApp), in ms: events inside the reply window.</summary>
    public const long Now = 1_795_654_800_000;

    public required PlatformSimulator Simulator { get; init; }
    public required ChatbotApp App { get; init; }

    public static async Task<ChannelKit> StartAsync(StorageProvider? provider = null, Action<ChatbotApp>? configure = null,
        PlatformSimulator? simulator = null)
    {
        simulator ??= await PlatformSimulator.StartAsync();
        var app = await ChatbotApp.StartAsync(provider, a =>
        {
            Configure(a, simulator);
            configure?.Invoke(a);
        });
        return new ChannelKit { Simulator = simulator, App = app };
    }

    public static void Configure(ChatbotApp a, PlatformSimulator simulator) => a
        .With("Facebook:AppSecret", AppSecret).With("Facebook:VerifyToken", VerifyToken).With("Facebook:GraphBaseUrl", simulator.GraphBaseUrl)
        .With("Zalo:AppId", ZaloAppId).With("Zalo:OaSecretKey", ZaloOaSecret).With("Zalo:AppSecret", "test-zalo-app-secret")
        .With("Zalo:ApiBaseUrl", simulator.ZaloApiBaseUrl).With("Zalo:OAuthBaseUrl", simulator.ZaloOAuthBaseUrl)
        .With("Channels:sai-gon-facebook:AccessToken", "fb-page-token")
        .With("Channels:sai-gon-zalo:AccessToken", "zalo-access-0").With("Channels:sai-gon-zalo:RefreshToken", "zalo-refresh-0")
        .With("Outbound:BaseDelay", "00:00:00.010").With("Inbox:PollInterval", "00:00:00.100").With("Inbox:RetryDelay", "00:00:00");

    public IReadOnlyList<SentMessage> Sent(string platform) => Simulator.Messaging().Sent.Where(m => m.Platform == platform).ToList();

    public static string MessengerText(string psid, string mid, string text, string page = PageId, long timestamp = Now) =>
        Messenger(JsonSerializer.Serialize(new
        {
            sender = new { id = psid }, recipient = new { id = page }, timestamp,
            message = new { mid, text },
        }), page);

    public static string Messenger(string messagingItemJson, string page = PageId) =>
        $$"""{"object":"page","entry":[{"id":"{{page}}","time":1790000000000,"messaging":[{{messagingItemJson}}]}]}""";

    public async Task<HttpResponseMessage> PostFacebookAsync(string body, string? signature = "auto", ChatbotApp? app = null)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (signature == "auto") signature = "sha256=" + FacebookSignature.Compute(AppSecret, Encoding.UTF8.GetBytes(body));
        if (signature is not null) content.Headers.Add(FacebookSignature.Header, signature);
        return await (app ?? App).CreateClient().PostAsync("/webhooks/facebook", content);
    }

    public static string ZaloText(string userId, string msgId, string text, long timestamp = Now) => JsonSerializer.Serialize(new
    {
        app_id = ZaloAppId, user_id_by_app = "x" + userId, event_name = "user_send_text", timestamp = timestamp.ToString(),
        sender = new { id = userId }, recipient = new { id = OaId }, message = new { msg_id = msgId, text },
    });

    public async Task<HttpResponseMessage> PostZaloAsync(string body, string? secret = ZaloOaSecret, string? header = null)
    {
        using var doc = JsonDocument.Parse(body);
        var ts = doc.RootElement.GetProperty("timestamp").GetString()!;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        header ??= secret is null ? null : "mac=" + ZaloSignature.Compute(ZaloAppId, Encoding.UTF8.GetBytes(body), ts, secret);
        if (header is not null) content.Headers.Add(ZaloSignature.Header, header);
        return await App.CreateClient().PostAsync("/webhooks/zalo", content);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null, ChatbotApp? app = null)
    {
        await using var conn = await (app ?? App).Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value: " + sql);
    }

    public async Task<IReadOnlyList<(string State, string? LastError, long Attempts)>> InboxRowsAsync(ChatbotApp? app = null)
    {
        await using var conn = await (app ?? App).Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await conn.QueryAsync<(string, string?, long)>("SELECT state, last_error, attempts FROM inbox_events ORDER BY id")).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

public static class Eventually
{
    /// <summary>Polls a condition (bounded), for work a background worker does.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 15_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("Timed out waiting for: " + what);
            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 15_000) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeoutMs);
}
