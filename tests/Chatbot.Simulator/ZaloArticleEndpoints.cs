using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Simulator;

/// <summary>Zalo OA articles and article broadcasts (platforms.md §1.6, §1.4): create → token, verify → id, broadcast.
/// Errors come back with HTTP 200 and error ≠ 0, as Zalo does. Verify answers -214 for the first
/// <see cref="ArticleState.ProcessingPolls"/> polls of each article.</summary>
public sealed class ArticleState
{
    readonly ConcurrentDictionary<string, (string Title, int Polls)> pending = new();
    readonly ConcurrentQueue<PagePost> articles = new();
    readonly ConcurrentQueue<string> broadcasts = new();
    long next;

    public int ProcessingPolls { get; set; }
    public IReadOnlyCollection<PagePost> Articles => articles;
    /// <summary>Article ids broadcast to followers, in order (a duplicate here reached followers twice).</summary>
    public IReadOnlyCollection<string> Broadcasts => broadcasts;

    internal string Create(string title) { var token = "tok" + Interlocked.Increment(ref next); pending[token] = (title, 0); return token; }

    internal string? Verify(string token)
    {
        if (!pending.TryGetValue(token, out var p)) return "";
        if (p.Polls < ProcessingPolls) { pending[token] = (p.Title, p.Polls + 1); return null; }
        var id = "art-" + token;
        if (!articles.Any(a => a.Id == id)) articles.Enqueue(new PagePost(id, "oa", p.Title, null, DateTimeOffset.UtcNow));
        return id;
    }

    internal void Broadcast(string articleId) => broadcasts.Enqueue(articleId);
}

public static class ZaloArticleEndpoints
{
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SimulatorState, ArticleState> States = new();

    public static ArticleState Articles(this SimulatorState state) => States.GetValue(state, _ => new ArticleState());
    public static ArticleState Articles(this PlatformSimulator simulator) => simulator.State.Articles();

    public static void MapZaloArticles(this WebApplication app)
    {
        var zalo = app.MapGroup("/zalo/v2.0");
        zalo.MapPost("/article/create", async (HttpRequest request, SimulatorState state) =>
        {
            if (string.IsNullOrEmpty(request.Headers["access_token"])) return Error(-216, "Access token is invalid");
            using var doc = await JsonDocument.ParseAsync(request.Body);
            var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            return Results.Json(new { error = 0, message = "Success", data = new { token = state.Articles().Create(title) } });
        });
        zalo.MapPost("/article/verify", async (HttpRequest request, SimulatorState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            var id = state.Articles().Verify(doc.RootElement.GetProperty("token").GetString() ?? "");
            return id switch
            {
                null => Error(-214, "Article is processing"),
                "" => Error(-201, "Invalid token"),
                _ => Results.Json(new { error = 0, message = "Success", data = new { id } }),
            };
        });
        zalo.MapPost("/oa/message", async (HttpRequest request, SimulatorState state) =>
        {
            if (string.IsNullOrEmpty(request.Headers["access_token"])) return Error(-216, "Access token is invalid");
            using var doc = await JsonDocument.ParseAsync(request.Body);
            var id = doc.RootElement.GetProperty("message").GetProperty("attachment").GetProperty("payload").GetProperty("elements")[0]
                .GetProperty("attachment_id").GetString() ?? "";
            state.Articles().Broadcast(id);
            return Results.Json(new { error = 0, message = "Success", data = new { message_id = "msg-" + id } });
        });
    }

    static IResult Error(int code, string message) => Results.Json(new { error = code, message });
}
