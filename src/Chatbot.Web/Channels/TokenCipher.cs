using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Chatbot.Web.Channels;

/// <summary>
/// Encrypts channel tokens for channel_tokens (platforms.md §5: "Store all tokens encrypted") with ASP.NET Core Data
/// Protection, whose key ring every instance shares through the database (Storage/DatabaseKeyRing.cs). The purpose names
/// the column and the channel, so a ciphertext copied into another row or column does not decrypt. Stored values carry
/// a "dp1:" prefix; a value without it is a plaintext row written before encryption, read once and then re-stored.
/// </summary>
internal sealed class TokenCipher(IDataProtectionProvider provider)
{
    const string Prefix = "dp1:";
    public const string Purpose = "Chatbot.Channels.Tokens.v1";

    public enum Column { AccessToken, RefreshToken }

    /// <summary>Thrown when a stored token cannot be decrypted: the key ring was lost or replaced.</summary>
    public sealed class UnreadableException(string message, Exception inner) : Exception(message, inner);

    public static bool IsEncrypted(string stored) => stored.Length == 0 || stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string channelId, Column column, string token) =>
        token.Length == 0 ? "" : Prefix + Protector(channelId, column).Protect(token);

    public string Unprotect(string channelId, Column column, string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) return stored; // plaintext from before encryption
        try
        {
            return Protector(channelId, column).Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException e)
        {
            throw new UnreadableException($"{column} of {channelId} cannot be decrypted: {e.Message}", e);
        }
    }

    IDataProtector Protector(string channelId, Column column) => provider.CreateProtector(Purpose, column.ToString(), channelId);
}
