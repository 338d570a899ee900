using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatbot.Simulator;

/// <summary>
/// A Bot Framework connector (the Bot Connector service's v3 conversations API, as Azure Bot Service exposes it at an
/// activity's serviceUrl): a bot's replies to {BaseUrl}/connector/ are accepted and kept as platform "botframework".
/// Faults on "/connector/" make it slow or silent.
/// </summary>
public static class ConnectorEndpoints
{
    public static string ConnectorUrl(this PlatformSimulator simulator) => simulator.BaseUrl + "/connector/";

    public static void MapConnector(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connector/v3/conversations/{conversationId}/activities/{replyToId}", Reply);
        app.MapPost("/connector/v3/conversations/{conversationId}/activities", Reply);
    }

    static async Task<IResult> Reply(string conversationId, HttpRequest request, SimulatorState state)
    {
        if (JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) is not JsonObject activity)
            return Results.BadRequest();
        state.Messaging().Add(new SentMessage("botframework", "", conversationId, activity, DateTimeOffset.UtcNow));
        return Results.Json(new { id = Guid.NewGuid().ToString("N") });
    }
}
