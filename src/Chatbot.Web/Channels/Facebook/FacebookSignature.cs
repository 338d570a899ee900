using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with the app secret (platforms.md §2.1).
/// No secret configured means nothing verifies: an empty key would let anyone sign.</summary>
internal sealed class FacebookSignature(IOptions<FacebookOptions> options)
{
    public const string Header = "X-Hub-Signature-256";
    const int DigestBytes = HMACSHA256.HashSizeInBytes;

    // The key's bytes with the secret they came from (one reference, so a racing reader never sees half of it).
    sealed record KeyBytes(string Secret, byte[] Bytes);
    KeyBytes? key;

    public bool Matches(string? header, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.AppSecret;
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
            return false;
        // The header is the sender's own claim, so decoding it need not be constant-time; comparing the digests is.
        Span<byte> given = stackalloc byte[DigestBytes];
        var hex = header.AsSpan(7).Trim();
        if (hex.Length != DigestBytes * 2 || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != DigestBytes)
            return false;
        Span<byte> expected = stackalloc byte[DigestBytes];
        HMACSHA256.HashData(KeyFor(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    byte[] KeyFor(string secret)
    {
        if (Volatile.Read(ref key) is { } k && ReferenceEquals(k.Secret, secret)) return k.Bytes;
        var bytes = Encoding.UTF8.GetBytes(secret);
        Volatile.Write(ref key, new KeyBytes(secret, bytes));
        return bytes;
    }

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
