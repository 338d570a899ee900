using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with the app secret (platforms.md §2.1).
/// No secret configured means nothing verifies: an empty key would let anyone sign.</summary>
internal sealed class FacebookSignature(IOptions<FacebookOptions> options)
{
    public const string Header = "X-Hub-Signature-256";

    public bool Matches(string? header, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.AppSecret;
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
            return false;
        var expected = Compute(secret, body);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(header[7..].Trim().ToLowerInvariant()), Encoding.ASCII.GetBytes(expected));
    }

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
