using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Simulator;

/// <summary>A post the simulated Page (or Zalo OA) holds.</summary>
public sealed record PagePost(string Id, string PageId, string Message, string? Link, DateTimeOffset CreatedTime);

/// <summary>Page feed state kept beside <see cref="SimulatorState"/> (attached to it, so this file adds no shared fields).</summary>
public sealed class PageState
{
    readonly ConcurrentQueue<PagePost> posts = new();
    long next;

    public IReadOnlyCollection<PagePost> Posts => posts;

    /// <summary>Posts refused with Graph's page request limit (code 32) since the start.</summary>
    public long Throttled => Interlocked.Read(ref throttled);
    long throttled;
    readonly PerKeyRateLimit perPage = new();

    /// <summary>Limits posts per Page (a token bucket per page id); beyond it Graph answers error 32 "Page request limit
    /// reached", which a publisher must retry later without posting twice. 0 turns it off (the default).</summary>
    public void LimitPerPage(double perSecond, double burst = 1) => perPage.Set(perSecond, burst);

    internal bool TryPost(string pageId)
    {
        if (perPage.TryTake(pageId)) return true;
        Interlocked.Increment(ref throttled);
        return false;
    }

    internal PagePost Add(string pageId, string message, string? link)
    {
        var post = new PagePost($"{pageId}_{Interlocked.Increment(ref next)}", pageId, message, link, DateTimeOffset.UtcNow);
        posts.Enqueue(post);
        return post;
    }
}

public static class GraphPageEndpoints
{
    static readonly ConditionalWeakTable<SimulatorState, PageState> States = new();

    public static PageState Pages(this SimulatorState state) => States.GetValue(state, _ => new PageState());
    public static PageState Pages(this PlatformSimulator simulator) => simulator.State.Pages();

    /// <summary>POST /{page-id}/feed and /photos (platforms.md §3.1), GET /{page-id}/published_posts for reconciliation.</summary>
    public static void MapGraphPages(this WebApplication app)
    {
        var graph = app.MapGroup("/graph/{version}");
        graph.MapPost("/{pageId}/feed", async (string pageId, HttpRequest request, SimulatorState state) =>
        {
            var form = await request.ReadFormAsync();
            if (string.IsNullOrEmpty(form["access_token"])) return GraphError(190, "Invalid OAuth access token.");
            if (string.IsNullOrEmpty(form["message"]) && string.IsNullOrEmpty(form["link"])) return GraphError(100, "Missing message or link");
            if (!state.Pages().TryPost(pageId)) return GraphError(32, "Page request limit reached");
            var post = state.Pages().Add(pageId, form["message"].ToString(), form["link"].ToString() is { Length: > 0 } l ? l : null);
            return Results.Json(new { id = post.Id });
        });
        graph.MapPost("/{pageId}/photos", async (string pageId, HttpRequest request, SimulatorState state) =>
        {
            var form = await request.ReadFormAsync();
            if (string.IsNullOrEmpty(form["access_token"])) return GraphError(190, "Invalid OAuth access token.");
            if (!state.Pages().TryPost(pageId)) return GraphError(32, "Page request limit reached");
            var post = state.Pages().Add(pageId, form["caption"].ToString(), null);
            return Results.Json(new { id = "photo_" + post.Id, post_id = post.Id });
        });
        graph.MapGet("/{pageId}/published_posts", (string pageId, SimulatorState state) =>
            Results.Json(new
            {
                data = state.Pages().Posts.Where(p => p.PageId == pageId).OrderByDescending(p => p.CreatedTime)
                    .Select(p => new { id = p.Id, message = p.Message, created_time = p.CreatedTime.ToString("yyyy-MM-dd'T'HH:mm:ssK") }),
            }));
    }

    static IResult GraphError(int code, string message) =>
        Results.Json(new { error = new { message, type = "OAuthException", code } }, statusCode: 400);
}
