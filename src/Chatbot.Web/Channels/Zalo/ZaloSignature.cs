using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>
/// X-ZEvent-Signature: "mac=" + hex SHA-256 (plain, not HMAC) of app_id + raw body + timestamp + secret, with app_id and
/// timestamp read from the body (platforms.md §1.3). No secret configured means nothing verifies.
/// </summary>
internal sealed class ZaloSignature(IOptions<ZaloOptions> options)
{
    public const string Header = "X-ZEvent-Signature";

    string Secret => options.Value.SignatureSecret.Equals("AppSecret", StringComparison.OrdinalIgnoreCase)
        ? options.Value.AppSecret : options.Value.OaSecretKey;

    public bool Matches(string? header, ReadOnlySpan<byte> body, string appId, string timestamp)
    {
        var secret = Secret;
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header)) return false;
        if (options.Value.AppId.Length > 0 && appId != options.Value.AppId) return false;
        var given = header.StartsWith("mac=", StringComparison.OrdinalIgnoreCase) ? header[4..] : header;
        var expected = Compute(appId, body, timestamp, secret);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given.Trim().ToLowerInvariant()), Encoding.ASCII.GetBytes(expected));
    }

    public static string Compute(string appId, ReadOnlySpan<byte> body, string timestamp, string secret)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(appId));
        sha.AppendData(body);
        sha.AppendData(Encoding.UTF8.GetBytes(timestamp));
        sha.AppendData(Encoding.UTF8.GetBytes(secret));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
