using System.Text.Json;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
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

    static async Task<IResult> Receive(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot,
        IOptions<BotAuthOptions> auth, IHostEnvironment env, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(auth.Value.MicrosoftAppId) && !env.IsDevelopment())
            return TypedResults.Problem(statusCode: 401, title: "Chưa cấu hình xác thực bot",
                detail: "MicrosoftAppId is empty: unauthenticated activities are accepted only in Development.");
        // The SDK answers bad bodies with a bare 400/500; check the shape first so callers get ProblemDetails.
        http.Request.EnableBuffering(MaxBodyBytes);
        if (http.Request.ContentLength > MaxBodyBytes)
            return TooLarge();
        var problem = await ValidateAsync(http.Request, ct);
        if (problem is not null) return problem;
        http.Request.Body.Position = 0;
        await adapter.ProcessAsync(http.Request, http.Response, bot, ct);
        return Results.Empty;
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

    static IResult TooLarge() => TypedResults.Problem(statusCode: 413, title: "Nội dung quá lớn",
        detail: $"Activities larger than {MaxBodyBytes / 1024} KB are refused.");
}
