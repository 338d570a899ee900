namespace Chatbot.Web.Channels.Zalo;

public sealed class ZaloOptions
{
    public const string Section = "Zalo";

    public string AppId { get; init; } = "";

    /// <summary>Secret for X-ZEvent-Signature. Sources disagree whether it is the OA secret key or the app secret
    /// (platforms.md §1.3); set whichever the developer console shows for the linked OA.</summary>
    public string OaSecretKey { get; init; } = "";

    /// <summary>App secret for OAuth token refresh (header secret_key).</summary>
    public string AppSecret { get; init; } = "";

    /// <summary>Which secret signs webhooks: "OaSecretKey" (default; Chatwoot, hainh.me) or "AppSecret" (other
    /// integrations). Check against one real event (platforms.md §1.3).</summary>
    public string SignatureSecret { get; init; } = "OaSecretKey";

    /// <summary>Refresh the access token when less than this remains (platforms.md §1.2: e.g. 1 h).</summary>
    public TimeSpan RefreshAhead { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A refresh token works for 3 months from its issue (platforms.md §1.2, tagged [S]: secondary sources that
    /// agree, not Zalo's own page, which gives no figure in days); counted as 90 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    public Uri ApiBaseUrl { get; init; } = new("https://openapi.zalo.me");
    public Uri OAuthBaseUrl { get; init; } = new("https://oauth.zaloapp.com");

    /// <summary>The page where the OA admin grants our app (OAuth v4 with PKCE, platforms.md §1.2), opened by the console's
    /// «Kết nối Zalo OA». Tests point it at the local simulator.</summary>
    public Uri PermissionUrl { get; init; } = new("https://oauth.zaloapp.com/v4/oa/permission");
}
