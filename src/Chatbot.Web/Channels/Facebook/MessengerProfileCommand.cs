using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Content;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Sets a Page's Messenger profile: Get Started button (payload GET_STARTED, which greets and carries m.me refs), greeting
/// (≤ 160 characters) and persistent menu (the main menu; each item posts back the words the bot already understands).
/// <c>dotnet run --project src/Chatbot.Web -- admin messenger-profile --channel sai-gon-facebook</c>. A channel without
/// a token writes the profile to sandbox_outbox instead.
/// </summary>
internal sealed class MessengerProfile(IChannelTokens tokens, ChannelDirectory channels, MenuContent content, OutboundLog log,
    HttpClient http, IOptions<FacebookOptions> options, TimeProvider clock)
{
    public const int MaxGreeting = 160;

    public JsonObject Body() => new()
    {
        ["get_started"] = new JsonObject { ["payload"] = FacebookEvents.GetStarted },
        ["greeting"] = new JsonArray(new JsonObject { ["locale"] = "default", ["text"] = TextSplitter.Label(content.Text("messenger_greeting"), MaxGreeting) }),
        ["persistent_menu"] = new JsonArray(new JsonObject
        {
            ["locale"] = "default",
            ["composer_input_disabled"] = false,
            ["call_to_actions"] = new JsonArray(content.Menu
                .Select(i => (JsonNode)new JsonObject { ["type"] = "postback", ["title"] = i.Label, ["payload"] = i.Say })
                .Append(new JsonObject { ["type"] = "postback", ["title"] = "Menu", ["payload"] = "menu" }).ToArray()),
        }),
    };

    /// <summary>Returns (ok, what happened) for the console.</summary>
    public async Task<(bool Ok, string Message)> SetUpAsync(string channelId, CancellationToken ct)
    {
        if (channels.Find(channelId) is not { } channel || channel.Platform != FacebookProfile.Id)
            return (false, $"'{channelId}' is not a Facebook channel in dialogs/units (e.g. sai-gon-facebook).");
        var body = Body();
        if (await tokens.GetAccessTokenAsync(channel, ct) is not { } token)
        {
            await log.AddSandboxAsync(channel.Id, "messenger_profile", null, body.ToJsonString(), clock.GetUtcNow(), ct);
            return (true, $"{channel.Id} has no Page token (Channels:{channel.Id}:AccessToken): profile written to sandbox_outbox.");
        }
        var (ok, text) = await PostAsync(token, ct);
        return ok
            ? (true, $"Messenger profile set for {channel.DisplayName} ({channel.AccountId}): {text}")
            : (false, $"Graph refused the profile: {text}");
    }

    /// <summary>Sets the profile with a given Page token (the console, right after connecting a Page). Returns Graph's answer.</summary>
    public async Task<(bool Ok, string Answer)> PostAsync(string pageToken, CancellationToken ct)
    {
        var url = ChannelUrls.Combine(options.Value.GraphBaseUrl, $"me/messenger_profile?access_token={Uri.EscapeDataString(pageToken)}");
        using var response = await http.PostAsync(url, JsonContent.Create(Body()), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.IsSuccessStatusCode, response.IsSuccessStatusCode ? text : $"HTTP {(int)response.StatusCode} {text}");
    }
}

internal sealed class MessengerProfileCommand : IAdminCommand
{
    public string Verb => "messenger-profile";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var channel = args.SkipWhile(a => a != "--channel").Skip(1).FirstOrDefault();
        if (channel is null)
        {
            Console.Error.WriteLine("usage: admin messenger-profile --channel <ward-channel-id, e.g. sai-gon-facebook>");
            return 2;
        }
        var (ok, message) = await services.GetRequiredService<MessengerProfile>().SetUpAsync(channel, ct);
        (ok ? Console.Out : Console.Error).WriteLine(message);
        return ok ? 0 : 1;
    }
}
