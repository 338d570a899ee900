using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Simulator;

/// <summary>Zalo OA articles and article broadcasts (platforms.md §1.6, §1.4): create → token, verify → id, broadcast.
/// Errors come back with HTTP 200 and error ≠ 0, as Zalo does. Create makes the article at once (it is listed by
/// getslice from then on, as a create whose reply was lost still made it); verify answers -214 for the first
/// <see cref="ArticleState.ProcessingPolls"/> polls of each article, then its id.</summary>
public sealed class ArticleState
{
    readonly ConcurrentDictionary<string, (string Id, int Polls)> pending = new();
    readonly ConcurrentQueue<PagePost> articles = new();
    readonly ConcurrentQueue<string> broadcasts = new();
    long next;

    public int ProcessingPolls { get; set; }

    /// <summary>One OA per access token: an article belongs to the token that created it (its PagePost.PageId) and the
    /// OA's content list shows only its own — as in a city where every ward's OA has its own token. Off by default: one
    /// shared list, whatever token (tests that renew a token still see the articles made with the old one).</summary>
    public bool OaPerToken { get; set; }
    public IReadOnlyCollection<PagePost> Articles => articles;
    /// <summary>Article ids broadcast to followers, in order (a duplicate here reached followers twice).</summary>
    public IReadOnlyCollection<string> Broadcasts => broadcasts;

    internal string Create(string title, string accessToken)
    {
        var token = "tok" + Interlocked.Increment(ref next);
        var id = "art-" + token;
        articles.Enqueue(new PagePost(id, OaPerToken ? accessToken : "oa", title, null, DateTimeOffset.UtcNow));
        pending[token] = (id, 0);
        return token;
    }

    internal string? Verify(string token)
    {
        if (!pending.TryGetValue(token, out var p)) return "";
        if (p.Polls < ProcessingPolls) { pending[token] = (p.Id, p.Polls + 1); return null; }
        return p.Id;
    }

    /// <summary>Newest first, as the OA's content list shows them.</summary>
    internal IReadOnlyList<PagePost> Newest(string accessToken, int offset, int limit) =>
        articles.Where(a => !OaPerToken || a.PageId == accessToken).OrderByDescending(a => a.CreatedTime).ThenByDescending(a => a.Id.Length).ThenByDescending(a => a.Id, StringComparer.Ordinal)
            .Skip(offset).Take(limit).ToList();

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
            return Results.Json(new { error = 0, message = "Success", data = new { token = state.Articles().Create(title, request.Headers["access_token"].ToString()) } });
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
        // GET /v2.0/article/getslice?offset=&limit=&type=normal (zalo-java-sdk GetListArticle); at most 10 per page.
        zalo.MapGet("/article/getslice", (HttpRequest request, SimulatorState state, int? offset, int? limit, string? type) =>
        {
            if (string.IsNullOrEmpty(request.Headers["access_token"])) return Error(-216, "Access token is invalid");
            if (type is not ("normal" or "video")) return Error(-201, "type accept only 2 value normal and video.");
            if (limit is > 10) return Error(-201, "maximum limit is 10");
            var items = type == "video" ? [] : state.Articles().Newest(request.Headers["access_token"].ToString(), offset ?? 0, limit ?? 10);
            return Results.Json(new
            {
                error = 0, message = "Success",
                data = new
                {
                    medias = items.Select(a => new { id = a.Id, type = "normal", title = a.Message, status = "show",
                        create_date = a.CreatedTime.ToUnixTimeMilliseconds() }),
                    total = state.Articles().Articles.Count,
                },
            });
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
