using System.Globalization;
using System.Text.Json;
using Chatbot.Web.Channels.Connect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>
/// Connecting an OA from the console (platforms.md §1.2): the permission page with a PKCE challenge (S256) and the state,
/// the code traded with its verifier for an access and a refresh token, then the OA's id, name and tier read with
/// <c>getoa</c> (package_name and package_valid_through_date, platforms.md §6). The OA the admin granted is the account,
/// so there is nothing to pick. The refresh token is single-use: <see cref="StoredChannelTokens"/> refreshes from then on.
/// </summary>
internal sealed class ZaloConnector(HttpClient http, IOptions<ZaloOptions> options, TimeProvider clock) : IChannelConnector
{
    public PlatformId Platform => ZaloProfile.Id;
    public string ConnectLabel => "Kết nối Zalo OA";
    public string AccountNoun => "OA";
    public bool UsesPkce => true;

    ZaloOptions O => options.Value;

    public Uri DialogUrl(string state, Uri callback, string? codeChallenge) => new(QueryHelpers.AddQueryString(O.PermissionUrl.ToString(),
        new Dictionary<string, string?>
        {
            ["app_id"] = O.AppId, ["redirect_uri"] = callback.ToString(), ["code_challenge"] = codeChallenge, ["state"] = state,
        }));

    public async Task<ConnectStep> ExchangeAsync(IQueryCollection query, Uri callback, string? codeVerifier, CancellationToken ct)
    {
        if (query["code"].ToString() is not { Length: > 0 } code)
            return ConnectStep.Fail("Bạn đã không cấp quyền cho ứng dụng trên trang của Zalo, nên OA chưa được kết nối và không có gì được lưu. "
                + "Bấm «Kết nối Zalo OA» lại, đăng nhập bằng tài khoản quản trị OA và bấm «Cho phép».");
        using var request = new HttpRequestMessage(HttpMethod.Post, ChannelUrls.Combine(O.OAuthBaseUrl, "v4/oa/access_token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["code"] = code, ["app_id"] = O.AppId, ["grant_type"] = "authorization_code", ["code_verifier"] = codeVerifier ?? "",
            }),
        };
        request.Headers.Add("secret_key", O.AppSecret);
        var (token, error) = await SendAsync(request, ct);
        if (error is not null) return ConnectStep.Fail($"Zalo không đổi được mã cấp quyền (có thể đã quá hạn hoặc đã dùng). Không có gì được lưu; hãy kết nối lại. ({error})");
        var access = JsonFields.Text(token, "access_token");
        var refresh = JsonFields.Text(token, "refresh_token");
        if (access.Length == 0 || refresh.Length == 0) return ConnectStep.Fail("Zalo không trả về mã truy cập. Không có gì được lưu; hãy kết nối lại.");
        var expiresIn = double.TryParse(JsonFields.Text(token, "expires_in"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 90_000;

        using var getoa = new HttpRequestMessage(HttpMethod.Get, ChannelUrls.Combine(O.ApiBaseUrl, "v2.0/oa/getoa"));
        getoa.Headers.Add("access_token", access);
        var (oa, oaError) = await SendAsync(getoa, ct);
        if (oaError is not null) return ConnectStep.Fail($"Không đọc được thông tin OA (getoa). Không có gì được lưu; hãy kết nối lại. ({oaError})");
        var oaId = JsonFields.Text(oa, "data", "oa_id");
        if (oaId.Length == 0) return ConnectStep.Fail("Zalo không cho biết mã OA (getoa). Không có gì được lưu; hãy kết nối lại.");
        var tier = JsonFields.Text(oa, "data", "package_name");
        return ConnectStep.Done(new ConnectedAccount(oaId, JsonFields.Text(oa, "data", "name") is { Length: > 0 } name ? name : oaId, access, refresh,
            clock.GetUtcNow() + TimeSpan.FromSeconds(expiresIn), tier.Length > 0 ? tier : null, ValidThrough(oa), ["getoa: mã, tên và gói OA"]));
    }

    public Task<ConnectStep> PickAsync(string grant, string accountId, CancellationToken ct) =>
        Task.FromResult(ConnectStep.Fail("Zalo OA không có bước chọn tài khoản."));

    /// <summary>package_valid_through_date: a date (its format is not documented, [U]): an ISO date, dd/MM/yyyy, or Unix time
    /// (seconds or milliseconds). Valid through the end of that day in Vietnam.</summary>
    static DateTimeOffset? ValidThrough(JsonElement oa)
    {
        var text = JsonFields.Text(oa, "data", "package_valid_through_date");
        if (text.Length == 0) return null;
        DateOnly day;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
            day = DateOnly.FromDateTime(VietnamTime.ToLocal(unix > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(unix) : DateTimeOffset.FromUnixTimeSeconds(unix)).DateTime);
        else if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
            day = exact;
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            day = DateOnly.FromDateTime(VietnamTime.ToLocal(parsed).DateTime);
        else
            return null;
        var endLocal = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(endLocal, VietnamTime.Zone.GetUtcOffset(endLocal)).ToUniversalTime().AddTicks(-1);
    }

    /// <summary>Zalo's answer, or its error: OAuth errors carry error/error_name, API errors error ≠ 0 with message.</summary>
    async Task<(JsonElement Root, string? Error)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                return (default, $"HTTP {(int)response.StatusCode}, không phải JSON");
            }
            var error = JsonFields.Text(root, "error");
            if (error.Length > 0 && error != "0")
                return (root, $"zalo {error}: {JsonFields.Text(root, "error_name")}{JsonFields.Text(root, "message")} {JsonFields.Text(root, "error_description")}".TrimEnd());
            return response.IsSuccessStatusCode ? (root, null) : (root, $"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return (default, "không gọi được Zalo: " + e.Message);
        }
    }
}
