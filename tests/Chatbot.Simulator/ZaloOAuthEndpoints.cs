using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatbot.Simulator;

/// <summary>Zalo OAuth v4 with single-use refresh tokens: each refresh retires the token it used and the old access token.</summary>
public sealed class ZaloOAuthState
{
    readonly ConcurrentDictionary<string, string> refreshToAccess = new();
    readonly ConcurrentDictionary<string, bool> retiredAccess = new();
    readonly ConcurrentQueue<string> used = new();
    int counter;

    /// <summary>Every refresh token presented, valid or not, in order.</summary>
    public IReadOnlyCollection<string> Presented => used;

    /// <summary>Makes a refresh token valid (what the OA admin's grant would have issued) for an access token.</summary>
    public void Issue(string refreshToken, string accessToken = "") => refreshToAccess[refreshToken] = accessToken;

    public bool IsRetired(string accessToken) => retiredAccess.ContainsKey(accessToken);

    /// <summary>A new pair, as an authorization code exchange issues it (<see cref="ZaloConnectEndpoints"/>).</summary>
    internal (string Access, string Refresh) IssuePair()
    {
        var n = Interlocked.Increment(ref counter);
        var pair = ($"zalo-access-{n}", $"zalo-refresh-{n}");
        refreshToAccess[pair.Item2] = pair.Item1;
        return pair;
    }

    /// <summary>The OA admin removed the app: the refresh tokens of this access token stop working too.</summary>
    public void RevokeAccess(string accessToken)
    {
        foreach (var (refresh, access) in refreshToAccess)
            if (access == accessToken) refreshToAccess.TryRemove(refresh, out _);
    }

    internal (string Access, string Refresh)? Refresh(string refreshToken)
    {
        used.Enqueue(refreshToken);
        if (!refreshToAccess.TryRemove(refreshToken, out var oldAccess)) return null;
        if (oldAccess.Length > 0) retiredAccess[oldAccess] = true;
        var n = Interlocked.Increment(ref counter);
        var pair = ($"zalo-access-{n}", $"zalo-refresh-{n}");
        refreshToAccess[pair.Item2] = pair.Item1;
        return pair;
    }
}

public static class ZaloOAuthEndpoints
{
    static readonly ConditionalWeakTable<SimulatorState, ZaloOAuthState> States = new();
    public static ZaloOAuthState ZaloOAuth(this SimulatorState state) => States.GetValue(state, _ => new ZaloOAuthState());
    public static ZaloOAuthState ZaloOAuth(this PlatformSimulator simulator) => simulator.State.ZaloOAuth();

    public static void MapZaloOAuth(this IEndpointRouteBuilder app) => app.MapPost("/zalo-oauth/v4/oa/access_token", Token);

    static async Task<IResult> Token(HttpRequest request, SimulatorState state)
    {
        if (request.Headers["secret_key"].ToString().Length == 0)
            return Results.Json(new { error = -14002, error_name = "Invalid secret key", error_description = "secret_key header is required" });
        var form = await request.ReadFormAsync();
        if (form["grant_type"] == "authorization_code") return ZaloConnectEndpoints.ExchangeCode(form, state);
        if (form["grant_type"] != "refresh_token")
            return Results.Json(new { error = -14001, error_name = "Invalid grant type" });
        if (state.ZaloOAuth().Refresh(form["refresh_token"].ToString()) is not { } pair)
            return Results.Json(new { error = -14014, error_name = "Invalid refresh token", error_description = "Refresh token is invalid, used or expired" });
        return Results.Json(new { access_token = pair.Access, refresh_token = pair.Refresh, expires_in = "90000" });
    }
}
