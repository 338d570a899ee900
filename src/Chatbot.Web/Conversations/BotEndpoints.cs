using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Conversations;

internal static class BotEndpoints
{
    /// <summary>Bot Framework activities are small; anything larger is not a chat message.</summary>
    const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapBot(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/messages", Receive).WithTags("Bot").DisableAntiforgery();
        return routes;
    }

    static async Task<IResult> Receive(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, BotFrameworkAuthentication auth,
        IOptions<BotAuthOptions> options, IHostEnvironment env, TimeProvider clock, ILogger<BotAdapter> logger, CancellationToken ct)
    {
        var authenticated = !string.IsNullOrEmpty(options.Value.MicrosoftAppId);
        if (!authenticated && !env.IsDevelopment())
            return TypedResults.Problem(statusCode: 401, title: "Chưa cấu hình xác thực bot",
                detail: "MicrosoftAppId is empty: unauthenticated activities are accepted only in Development.");
        // Past the limit Kestrel stops reading and the read fails with 413, so a huge (or endless chunked) body is never taken in.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authenticated && BotRequestAuthentication.RejectBeforeBody(authorization, clock.GetUtcNow()) is { } why)
        {
            logger.LogWarning("/api/messages refused before reading the body: {Reason}", why);
            http.Response.Headers.Connection = "close"; // and Kestrel does not drain the unread body either
            return Unauthorized();
        }
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            http.Response.Headers.Connection = "close";
            return TooLarge();
        }
        // The SDK answers bad bodies with a bare 400/500; check the shape first so callers get ProblemDetails.
        http.Request.EnableBuffering(MaxBodyBytes);
        var problem = await ValidateAsync(http.Request, ct);
        if (problem is not null) return problem;
        if (authenticated)
        {
            http.Request.Body.Position = 0;
            var activity = await ReadActivityAsync(http.Request, ct);
            if (!await BotRequestAuthentication.AuthenticateAsync(auth, activity, authorization, logger, ct)) return Unauthorized();
        }
        http.Request.Body.Position = 0;
        await adapter.ProcessAsync(http.Request, http.Response, bot, ct);
        return Results.Empty;
    }

    static async Task<Activity> ReadActivityAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        return Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>(await reader.ReadToEndAsync(ct), Microsoft.Bot.Builder.Integration.MessageSerializerSettings.Create()) ?? new Activity();
    }

    static async Task<IResult?> ValidateAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (request.Body.Position > MaxBodyBytes) return TooLarge();
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(type.GetString()))
                return TypedResults.Problem(statusCode: 400, title: "Không phải một activity",
                    detail: "The body must be a Bot Framework activity: a JSON object with a \"type\" field.");
            // Replies go to serviceUrl unless they come back in the response: without one the SDK failed with a 500.
            if (!ExpectsReplies(doc.RootElement) && !HasServiceUrl(doc.RootElement))
                return TypedResults.Problem(statusCode: 400, title: "Thiếu địa chỉ trả lời (serviceUrl)",
                    detail: "An activity needs an absolute http(s) \"serviceUrl\" to reply to, unless its deliveryMode is \"expectReplies\".");
            return null;
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: 400, title: "JSON không hợp lệ",
                detail: $"Malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}.");
        }
    }

    static bool ExpectsReplies(JsonElement activity) =>
        activity.TryGetProperty("deliveryMode", out var mode) && mode.ValueKind == JsonValueKind.String
        && mode.GetString() == Microsoft.Bot.Schema.DeliveryModes.ExpectReplies;

    static bool HasServiceUrl(JsonElement activity) =>
        activity.TryGetProperty("serviceUrl", out var url) && url.ValueKind == JsonValueKind.String
        && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    static IResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Chưa xác thực",
        detail: "Activities need a valid Bot Framework token: Authorization: Bearer <JWT from the Bot Connector>.");

    static IResult TooLarge() => TypedResults.Problem(statusCode: 413, title: "Nội dung quá lớn",
        detail: $"Activities larger than {MaxBodyBytes / 1024} KB are refused.");
}
