using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatbot.Simulator;

/// <summary>Zalo OA CS messages and quota (platforms.md §1.4): errors as HTTP 200 with error ≠ 0, like Zalo.</summary>
public static class ZaloMessagingEndpoints
{
    public static void MapZaloMessaging(this IEndpointRouteBuilder app)
    {
        app.MapPost("/zalo/v3.0/oa/message/cs", Send);
        app.MapPost("/zalo/v2.0/oa/quota/message", (SimulatorState state) =>
            Results.Json(new { error = 0, message = "Success", data = new { total = 8, remain = 8 - state.Messaging().Sent.Count(m => m.Platform == "zalo") % 8 } }));
    }

    static IResult ZaloError(int error, string message) => Results.Json(new { error, message });

    static async Task<IResult> Send(HttpRequest request, SimulatorState state)
    {
        var token = request.Headers["access_token"].ToString();
        if (token.Length == 0) return ZaloError(-216, "Access token is invalid");
        if (state.Messaging().RejectedTokens.ContainsKey(token)) return ZaloError(-220, "Access token has expired or been removed");
        if (state.ZaloOAuth().IsRetired(token)) return ZaloError(-220, "Access token has expired or been removed");
        var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject;
        var user = body?["recipient"]?["user_id"]?.GetValue<string>();
        var message = body?["message"] as JsonObject;
        if (user is null || message is null) return ZaloError(-201, "Parameters are invalid");
        if (message["text"]?.GetValue<string>() is { Length: > 2000 }) return ZaloError(-210, "text is over 2000 characters");
        if (message["attachment"]?["payload"]?["buttons"] is JsonArray { Count: > 5 }) return ZaloError(-210, "at most 5 buttons");
        state.Messaging().Add(new SentMessage("zalo", "", user, body!, DateTimeOffset.UtcNow));
        return Results.Json(new { error = 0, message = "Success", data = new { message_id = Guid.NewGuid().ToString("N"), user_id = user } });
    }
}
