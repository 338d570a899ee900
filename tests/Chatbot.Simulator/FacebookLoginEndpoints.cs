using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Chatbot.Simulator;

/// <summary>
/// Facebook Login for connecting a Page (platforms.md §3.2): the dialog (consent given at once, or refused), code exchange,
/// the long-lived user token, /me/permissions, /me/accounts with Page tokens, POST /{page}/subscribed_apps. The Messenger
/// profile is in <see cref="GraphMessagingEndpoints"/>. Switches let a test refuse, untick a permission (which stays
/// declined unless the dialog re-asks), take a Page away, give the person fewer tasks on a Page, or make the person's Page
/// role too small for subscribing ((#200), platforms.md §6).
/// </summary>
public sealed class FacebookLoginState
{
    readonly ConcurrentDictionary<string, string> codes = new();      // code → redirect_uri
    readonly ConcurrentDictionary<string, bool> userTokens = new();
    readonly ConcurrentDictionary<string, string> pageTokens = new(); // token → page id
    int counter;

    /// <summary>Pages the person logging in manages (id → name).</summary>
    public ConcurrentDictionary<string, string> ManagedPages { get; } = new();

    /// <summary>True: the person presses "Not now" in the dialog (the callback gets error=access_denied).</summary>
    public bool RefusePermissions { get; set; }

    /// <summary>Permissions the person unticks in the dialog (/me/permissions says "declined").</summary>
    public ConcurrentDictionary<string, bool> Declined { get; } = new();

    /// <summary>What Facebook remembers: a permission once declined stays declined, and the dialog does not show it again,
    /// unless the dialog is opened with auth_type=rerequest (Meta, "Re-asking for Declined Permissions").</summary>
    public ConcurrentDictionary<string, bool> DeclinedBefore { get; } = new();

    /// <summary>Page id → the person's tasks on it, where they are fewer than the full set (e.g. only MODERATE, MESSAGING).</summary>
    public ConcurrentDictionary<string, string[]> PageTasks { get; } = new();

    /// <summary>True: subscribed_apps answers (#200) (the person's role on the Page is too small).</summary>
    public bool MissingPageRole { get; set; }

    /// <summary>Every dialog request's query (client_id, redirect_uri, state, scope).</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> DialogRequests { get; } = new();

    /// <summary>Page id → the webhook fields it is subscribed to.</summary>
    public ConcurrentDictionary<string, string> Subscriptions { get; } = new();

    /// <summary>The latest Page token /me/accounts issued for a Page (the one the connector stored).</summary>
    public string? LatestPageToken(string pageId) => pageTokens.Where(t => t.Value == pageId).Select(t => t.Key)
        .OrderByDescending(t => int.Parse(t[(t.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    internal string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}";
    internal string IssueCode(string redirectUri) { var c = Next("fb-code"); codes[c] = redirectUri; return c; }
    internal string? TakeCode(string code) => codes.TryRemove(code, out var r) ? r : null;
    internal string IssueUserToken(string kind) { var t = Next($"fb-user-{kind}"); userTokens[t] = true; return t; }
    internal bool IsUserToken(string token) => userTokens.ContainsKey(token);
    internal string IssuePageToken(string pageId) { var t = Next($"fb-page-{pageId}"); pageTokens[t] = pageId; return t; }
    internal string? PageOf(string token) => pageTokens.GetValueOrDefault(token);
}

public static class FacebookLoginEndpoints
{
    public const string AppSecret = "test-app-secret";

    static readonly ConditionalWeakTable<SimulatorState, FacebookLoginState> States = new();
    public static FacebookLoginState FacebookLogin(this SimulatorState state) => States.GetValue(state, _ => new FacebookLoginState());
    public static FacebookLoginState FacebookLogin(this PlatformSimulator simulator) => simulator.State.FacebookLogin();

    /// <summary>What revoking the app does: the token is refused from now on (Graph 190, Zalo -220), and a Zalo access
    /// token's refresh tokens stop working, so the channel needs connecting again.</summary>
    public static void RevokeToken(this PlatformSimulator simulator, string token)
    {
        simulator.Messaging().RejectedTokens[token] = true;
        simulator.ZaloOAuth().RevokeAccess(token);
    }

    public static void MapFacebookLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/facebook/dialog/oauth", Dialog);
        app.MapGet("/graph/{version}/oauth/access_token", AccessToken);
        app.MapGet("/graph/{version}/me/permissions", Permissions);
        app.MapGet("/graph/{version}/me/accounts", Accounts);
        app.MapPost("/graph/{version}/{pageId}/subscribed_apps", Subscribe);
    }

    static IResult GraphError(int code, string message, int status = 400) =>
        Results.Json(new { error = new { message, type = "OAuthException", code, fbtrace_id = "SIM" } }, statusCode: status);

    static IResult Dialog(HttpRequest request, SimulatorState state)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        state.FacebookLogin().DialogRequests.Enqueue(query);
        if (query.GetValueOrDefault("redirect_uri") is not { Length: > 0 } redirect) return Results.BadRequest("redirect_uri is required");
        var back = new Dictionary<string, string?> { ["state"] = query.GetValueOrDefault("state") };
        if (state.FacebookLogin().RefusePermissions)
        {
            back["error"] = "access_denied";
            back["error_code"] = "200";
            back["error_description"] = "Permissions error";
            back["error_reason"] = "user_denied";
        }
        else
        {
            var login = state.FacebookLogin();
            // Not re-asked: what was declined before stays declined, whatever the person would tick now.
            var rerequest = query.GetValueOrDefault("auth_type") == "rerequest";
            foreach (var p in login.DeclinedBefore.Keys.Where(p => rerequest && !login.Declined.ContainsKey(p))) login.DeclinedBefore.TryRemove(p, out _);
            foreach (var p in login.Declined.Keys) login.DeclinedBefore[p] = true;
            back["code"] = login.IssueCode(redirect);
        }
        return Results.Redirect(QueryHelpers.AddQueryString(redirect, back));
    }

    static IResult AccessToken(HttpRequest request, SimulatorState state)
    {
        var q = request.Query;
        var login = state.FacebookLogin();
        if (q["client_secret"] != AppSecret) return GraphError(1, "Error validating client secret.");
        if (q["grant_type"] == "fb_exchange_token")
            return login.IsUserToken(q["fb_exchange_token"].ToString())
                ? Results.Json(new { access_token = login.IssueUserToken("long"), token_type = "bearer", expires_in = 5_184_000 })
                : GraphError(190, "Invalid OAuth access token.");
        if (login.TakeCode(q["code"].ToString()) is not { } redirect)
            return GraphError(100, "This authorization code has been used or has expired.");
        if (redirect != q["redirect_uri"]) return GraphError(100, "Can't load URL: redirect_uri does not match the dialog's.");
        return Results.Json(new { access_token = login.IssueUserToken("short"), token_type = "bearer", expires_in = 5_183 });
    }

    static IResult Permissions(HttpRequest request, SimulatorState state)
    {
        if (!state.FacebookLogin().IsUserToken(request.Query["access_token"].ToString())) return GraphError(190, "Invalid OAuth access token.");
        string[] all = ["pages_messaging", "pages_manage_posts", "pages_read_engagement", "pages_manage_metadata", "pages_show_list", "public_profile"];
        return Results.Json(new
        {
            data = all.Select(p => new { permission = p, status = state.FacebookLogin().DeclinedBefore.ContainsKey(p) ? "declined" : "granted" }),
        });
    }

    static IResult Accounts(HttpRequest request, SimulatorState state)
    {
        var login = state.FacebookLogin();
        var token = request.Query["access_token"].ToString();
        if (!login.IsUserToken(token) || state.Messaging().RejectedTokens.ContainsKey(token)) return GraphError(190, "Invalid OAuth access token.");
        return Results.Json(new
        {
            data = login.ManagedPages.OrderBy(p => p.Key).Select(p => new
            {
                id = p.Key, name = p.Value, access_token = login.IssuePageToken(p.Key), category = "Government organization",
                tasks = login.PageTasks.GetValueOrDefault(p.Key) ?? ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE", "MESSAGING"],
            }),
        });
    }

    static IResult Subscribe(string pageId, HttpRequest request, SimulatorState state)
    {
        var login = state.FacebookLogin();
        var token = request.Query["access_token"].ToString();
        if (login.PageOf(token) != pageId || state.Messaging().RejectedTokens.ContainsKey(token)) return GraphError(190, "Invalid OAuth access token.");
        if (login.MissingPageRole)
            return GraphError(200, "(#200) The user must be an administrator, editor, or moderator of the page in order to impersonate it. Requires pages_manage_metadata.", 403);
        login.Subscriptions[pageId] = request.Query["subscribed_fields"].ToString();
        return Results.Json(new { success = true });
    }
}
