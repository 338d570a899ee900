using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>Zalo OAuth v4 refresh (platforms.md §1.2): form fields refresh_token, app_id, grant_type; header secret_key. OA access
/// tokens live 25 h and each refresh token is single-use; <see cref="StoredChannelTokens"/> keeps one refresh per token.</summary>
internal sealed class ZaloOAuthClient(HttpClient http, IOptions<ZaloOptions> options) : ITokenRefresher
{
    public PlatformId Platform => ZaloProfile.Id;

    public TimeSpan RefreshAhead => options.Value.RefreshAhead;

    public TimeSpan RefreshTokenLifetime => options.Value.RefreshTokenLifetime;

    public async Task<TokenRefresh> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, ChannelUrls.Combine(o.OAuthBaseUrl, "v4/oa/access_token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["refresh_token"] = refreshToken, ["app_id"] = o.AppId, ["grant_type"] = "refresh_token",
            }),
        };
        request.Headers.Add("secret_key", o.AppSecret);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("access_token", out var access) && access.GetString() is { Length: > 0 } a
                && root.TryGetProperty("refresh_token", out var refresh) && refresh.GetString() is { Length: > 0 } r)
                return new TokenRefresh(a, r, ExpiresIn(root), null);
            return new TokenRefresh(null, null, null, $"HTTP {(int)response.StatusCode}: {Truncate(body)}");
        }
        catch (JsonException)
        {
            return new TokenRefresh(null, null, null, $"HTTP {(int)response.StatusCode}, not JSON: {Truncate(body)}");
        }
    }

    /// <summary>Documented as a string ("90000"); accept a number too.</summary>
    static TimeSpan? ExpiresIn(JsonElement root) =>
        !root.TryGetProperty("expires_in", out var e) ? null
        : e.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(e.GetDouble())
        : double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s)
        : null;

    static string Truncate(string s) => s.Length > 300 ? s[..300] : s;
}
