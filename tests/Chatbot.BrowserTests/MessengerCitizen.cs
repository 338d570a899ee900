using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.BrowserTests;

/// <summary>
/// A citizen (<paramref name="psid"/>) writing to a Facebook Page in Messenger: each message reaches the app as the webhook
/// Meta sends, signed with the app secret (X-Hub-Signature-256), and what the app answered is read from the simulator.
/// </summary>
public sealed class MessengerCitizen(AppProcess app, PlatformSimulator simulator, string pageId, string appSecret, string psid)
{
    static readonly HttpClient Http = new();

    public async Task SaysAsync(string text)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = JsonSerializer.Serialize(new
        {
            @object = "page",
            entry = new[]
            {
                new
                {
                    id = pageId, time = now,
                    messaging = new[]
                    {
                        new
                        {
                            sender = new { id = psid }, recipient = new { id = pageId }, timestamp = now,
                            message = new { mid = "mid." + Guid.NewGuid().ToString("N"), text },
                        },
                    },
                },
            },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(body))));
        using var response = await Http.PostAsync(app.BaseUrl + "/webhooks/facebook", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The messages the simulated Send API accepted for this citizen, oldest first.</summary>
    public IReadOnlyList<SentMessage> Received() => simulator.Messaging().Sent.Where(m => m.Recipient == psid).ToList();

    /// <summary>The text of each message this citizen received ("" for one without text).</summary>
    public IReadOnlyList<string> Texts() => Received().Select(TextOf).ToList();

    public static string TextOf(SentMessage m) => m.Body["message"]?["text"]?.GetValue<string>() ?? "";
}
