using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Chatbot.Simulator;

/// <summary>The OA the simulated admin grants, as getoa describes it (platforms.md §6: package_name, package_valid_through_date).</summary>
public sealed record SimulatedOa(string Id, string Name, string Package, string ValidThrough);

/// <summary>Zalo's permission page and code exchange with PKCE (platforms.md §1.2), and getoa.</summary>
public sealed class ZaloConnectState
{
    readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> codes = new();
    int counter;

    /// <summary>The OA the admin grants on the permission page.</summary>
    public SimulatedOa Oa { get; set; } = new("4000000000000000099", "UBND Phường Sài Gòn (OA mới)", "Nâng cao", "31/12/2027");

    /// <summary>True: the admin refuses on the permission page (the callback gets no code).</summary>
    public bool Refuse { get; set; }

    /// <summary>Every permission page request's query (app_id, redirect_uri, code_challenge, state).</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> PermissionRequests { get; } = new();

    /// <summary>Code exchanges refused because the verifier did not match the challenge.</summary>
    public int BadVerifiers => badVerifiers;
    int badVerifiers;

    internal string IssueCode(string challenge, string redirectUri)
    {
        var code = $"zalo-code-{Interlocked.Increment(ref counter)}";
        codes[code] = (challenge, redirectUri);
        return code;
    }

    internal (string Challenge, string RedirectUri)? TakeCode(string code) => codes.TryRemove(code, out var c) ? c : null;
    internal void CountBadVerifier() => Interlocked.Increment(ref badVerifiers);
}

public static class ZaloConnectEndpoints
{
    static readonly ConditionalWeakTable<SimulatorState, ZaloConnectState> States = new();
    public static ZaloConnectState ZaloConnect(this SimulatorState state) => States.GetValue(state, _ => new ZaloConnectState());
    public static ZaloConnectState ZaloConnect(this PlatformSimulator simulator) => simulator.State.ZaloConnect();

    public static void MapZaloConnect(this IEndpointRouteBuilder app)
    {
        app.MapGet("/zalo-oauth/v4/oa/permission", Permission);
        app.MapGet("/zalo/v2.0/oa/getoa", GetOa);
    }

    /// <summary>The admin's consent, given (or refused) at once: back to redirect_uri with code, oa_id and state.</summary>
    static IResult Permission(HttpRequest request, SimulatorState state)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        state.ZaloConnect().PermissionRequests.Enqueue(query);
        var redirect = query.GetValueOrDefault("redirect_uri") ?? "";
        if (redirect.Length == 0 || query.GetValueOrDefault("code_challenge") is not { Length: > 0 } challenge)
            return Results.BadRequest("redirect_uri and code_challenge are required");
        var back = new Dictionary<string, string?> { ["state"] = query.GetValueOrDefault("state") };
        if (state.ZaloConnect().Refuse) back["error"] = "access_denied";
        else
        {
            back["code"] = state.ZaloConnect().IssueCode(challenge, redirect);
            back["oa_id"] = state.ZaloConnect().Oa.Id;
        }
        return Results.Redirect(QueryHelpers.AddQueryString(redirect, back));
    }

    /// <summary>grant_type=authorization_code: the code once, and only with the verifier whose S256 is the challenge.</summary>
    internal static IResult ExchangeCode(IFormCollection form, SimulatorState state)
    {
        if (state.ZaloConnect().TakeCode(form["code"].ToString()) is not { } issued)
            return Results.Json(new { error = -14004, error_name = "Invalid code", error_description = "Authorization code is invalid, used or expired" });
        var verifier = form["code_verifier"].ToString();
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (verifier.Length < 43 || challenge != issued.Challenge)
        {
            state.ZaloConnect().CountBadVerifier();
            return Results.Json(new { error = -14019, error_name = "Invalid code verifier", error_description = "code_verifier does not match code_challenge" });
        }
        var (access, refresh) = state.ZaloOAuth().IssuePair();
        return Results.Json(new { access_token = access, refresh_token = refresh, expires_in = "90000" });
    }

    static IResult GetOa(HttpRequest request, SimulatorState state)
    {
        var token = request.Headers["access_token"].ToString();
        if (token.Length == 0 || state.Messaging().RejectedTokens.ContainsKey(token) || state.ZaloOAuth().IsRetired(token))
            return Results.Json(new { error = -216, message = "Access token is invalid" });
        var oa = state.ZaloConnect().Oa;
        return Results.Json(new
        {
            error = 0, message = "Success",
            data = new { oa_id = oa.Id, name = oa.Name, description = "", package_name = oa.Package, package_valid_through_date = oa.ValidThrough },
        });
    }
}
