using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatbot.Simulator;

/// <summary>A message the simulated Send API accepted.</summary>
public sealed record SentMessage(string Platform, string Account, string Recipient, JsonObject Body, DateTimeOffset At);

/// <summary>Messages and profiles the simulated platforms accepted; tokens they reject.</summary>
public sealed class MessagingState
{
    readonly ConcurrentQueue<SentMessage> sent = new();
    public IReadOnlyCollection<SentMessage> Sent => sent;
    public ConcurrentQueue<JsonObject> MessengerProfiles { get; } = new();

    /// <summary>Graph answers 190 / Zalo answers -216 for these access tokens.</summary>
    public ConcurrentDictionary<string, bool> RejectedTokens { get; } = new();

    /// <summary>Comments that got their one private reply.</summary>
    public ConcurrentDictionary<string, bool> RepliedComments { get; } = new();

    /// <summary>False for long runs (benchmarks): only <see cref="CountByRecipient"/> is kept.</summary>
    public bool KeepMessages { get; set; } = true;

    /// <summary>Accepted messages per "platform:recipient": duplicates and losses are read from it.</summary>
    public ConcurrentDictionary<string, int> CountByRecipient { get; } = new();

    internal void Add(SentMessage m)
    {
        CountByRecipient.AddOrUpdate($"{m.Platform}:{m.Recipient}", 1, (_, n) => n + 1);
        if (KeepMessages) sent.Enqueue(m);
    }
}

public static class MessagingStateExtensions
{
    static readonly ConditionalWeakTable<SimulatorState, MessagingState> States = new();
    public static MessagingState Messaging(this SimulatorState state) => States.GetValue(state, _ => new MessagingState());
    public static MessagingState Messaging(this PlatformSimulator simulator) => simulator.State.Messaging();
}

/// <summary>Messenger Send API and Messenger Profile API, checking the limits of platforms.md §2.4.</summary>
public static class GraphMessagingEndpoints
{
    public static void MapGraphMessaging(this IEndpointRouteBuilder app)
    {
        app.MapPost("/graph/{version}/{page}/messages", Send);
        app.MapPost("/graph/{version}/me/messenger_profile", Profile);
    }

    static IResult GraphError(int code, string message, int? subcode = null, int status = 400) => Results.Json(new
    {
        error = new { message, type = "OAuthException", code, error_subcode = subcode, fbtrace_id = "SIM" },
    }, statusCode: status);

    static async Task<IResult> Send(string page, HttpRequest request, SimulatorState state)
    {
        var token = request.Query["access_token"].ToString();
        if (token.Length == 0 || state.Messaging().RejectedTokens.ContainsKey(token))
            return GraphError(190, "Error validating access token: The session has been invalidated.", status: 401);
        var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject;
        var psid = body?["recipient"]?["id"]?.GetValue<string>();
        var message = body?["message"] as JsonObject;
        // A private reply to a Page comment (platforms.md §6): one per comment, recorded as recipient "comment:<id>".
        if (body?["recipient"]?["comment_id"]?.GetValue<string>() is { } comment)
        {
            if (!state.Messaging().RepliedComments.TryAdd(comment, true))
                return GraphError(10, "(#10) This comment has already been replied to privately", 2018108);
            psid = "comment:" + comment;
        }
        if (psid is null || message is null) return GraphError(100, "(#100) recipient and message are required");
        if (body!["messaging_type"]?.GetValue<string>() is not ("RESPONSE" or "UPDATE" or "MESSAGE_TAG"))
            return GraphError(100, "(#100) messaging_type is required");
        if (message["text"]?.GetValue<string>() is { Length: > 2000 }) return GraphError(100, "(#100) Length of param message[text] must be less than or equal to 2000");
        if (message["quick_replies"] is JsonArray quick)
        {
            if (quick.Count > 13) return GraphError(100, "(#100) param message[quick_replies] must have at most 13 elements");
            if (quick.Any(q => q?["title"]?.GetValue<string>() is not { Length: > 0 and <= 20 }))
                return GraphError(100, "(#100) quick reply titles must be 1-20 characters");
        }
        if (message["attachment"]?["payload"]?["buttons"] is JsonArray buttons && buttons.Count is 0 or > 3)
            return GraphError(100, "(#100) A button template has 1 to 3 buttons");
        state.Messaging().Add(new SentMessage("facebook", page, psid, body, DateTimeOffset.UtcNow));
        return Results.Json(new { recipient_id = psid, message_id = "m_" + Guid.NewGuid().ToString("N") });
    }

    static async Task<IResult> Profile(HttpRequest request, SimulatorState state)
    {
        var token = request.Query["access_token"].ToString();
        if (token.Length == 0 || state.Messaging().RejectedTokens.ContainsKey(token))
            return GraphError(190, "Error validating access token", status: 401);
        if (JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) is not JsonObject body)
            return GraphError(100, "(#100) body must be JSON");
        if (body["greeting"]?[0]?["text"]?.GetValue<string>() is { Length: > 160 }) return GraphError(100, "(#100) greeting text ≤ 160");
        state.Messaging().MessengerProfiles.Enqueue(body);
        return Results.Json(new { result = "success" });
    }
}
