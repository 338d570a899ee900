using System.Text;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels.ZaloBot;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Channels.ZaloBot;

/// <summary>The app with Sài Gòn's Zalo bot (dialogs/units/wards.yaml: sai-gon-zalo-bot) pointed at the simulator.</summary>
internal static class ZaloBotKit
{
    public const string Channel = "sai-gon-zalo-bot";
    public const string Token = "1234567890:zalo-bot-test-token";

    public static async Task<ChannelKit> StartAsync(StorageProvider? provider = null, Action<ChatbotApp>? configure = null)
    {
        var simulator = await PlatformSimulator.StartAsync();
        return await ChannelKit.StartAsync(provider, a =>
        {
            Configure(a, simulator);
            configure?.Invoke(a);
        }, simulator);
    }

    public static void Configure(ChatbotApp a, PlatformSimulator simulator) =>
        a.With("ZaloBot:ApiBaseUrl", simulator.ZaloBotApiBaseUrl).With($"Channels:{Channel}:AccessToken", Token);

    public static string Text(string chatId, string messageId, string text, long date = ChannelKit.Now) => JsonSerializer.Serialize(new
    {
        ok = true,
        result = new
        {
            event_name = "message.text.received",
            message = new
            {
                from = new { id = chatId, display_name = "Người dân", is_bot = false },
                chat = new { id = chatId, chat_type = "PRIVATE" },
                text, message_id = messageId, date,
            },
        },
    });

    public static async Task<HttpResponseMessage> PostAsync(ChannelKit kit, string body, string? secret = "auto", string channel = Channel)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (secret == "auto") secret = ZaloBotSecret.Derive(Token, channel);
        if (secret is not null) content.Headers.Add(ZaloBotSecret.Header, secret);
        return await kit.App.CreateClient().PostAsync($"/webhooks/zalo-bot/{channel}", content);
    }
}
