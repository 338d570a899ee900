using System.Security.Cryptography;
using System.Text;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels;

/// <summary>channel_tokens.config_hash is an HMAC keyed from the key ring, and old plain hashes are upgraded (issue 13, point 8).</summary>
public sealed class ConfigHashTests
{
    static Task<string?> TokenAsync(ChatbotApp app) => app.Services.GetRequiredService<IChannelTokens>()
        .GetAccessTokenAsync(app.Services.GetRequiredService<ChannelDirectory>().Find("sai-gon-zalo")!, default);

    static string PlainSha256(string access, string refresh) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{access}\n{refresh}\n")));

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_config_hash_confirms_no_guessed_token_and_an_old_plain_hash_is_upgraded(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        Assert.Equal("zalo-access-0", await TokenAsync(kit.App));
        var hash = await kit.ScalarAsync<string>("SELECT config_hash FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'");
        Assert.StartsWith("h1:", hash);
        Assert.DoesNotContain(PlainSha256("zalo-access-0", "zalo-refresh-0"), hash, StringComparison.OrdinalIgnoreCase);
        var key = await kit.ScalarAsync<string>("SELECT value FROM app_secrets WHERE name = 'channel-config-hash'");
        Assert.StartsWith("CfDJ8", key); // Data Protection's format: the HMAC key itself is not in the table

        // A row as an older version left it: same configuration, unsalted SHA-256. Upgraded without touching the tokens.
        await kit.ScalarAsync<long>($"UPDATE channel_tokens SET config_hash = '{PlainSha256("zalo-access-0", "zalo-refresh-0")}' WHERE channel_id = 'sai-gon-zalo' RETURNING 1");
        var version = await kit.ScalarAsync<long>("SELECT version FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'");
        // What a new version finds when it starts (the running one reuses the row it read a moment ago).
        await using var upgraded = ChatbotApp.OnSameDatabase(kit.App, a => { ChannelKit.Configure(a, kit.Simulator); a.With("Inbox:WorkerEnabled", "false"); });
        Assert.Equal("zalo-access-0", await TokenAsync(upgraded));
        Assert.Equal(hash, await kit.ScalarAsync<string>("SELECT config_hash FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'"));
        Assert.Equal(version, await kit.ScalarAsync<long>("SELECT version FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'"));

        // At start, an old hash of a channel no longer configured is dropped rather than kept.
        await kit.ScalarAsync<long>("""
            INSERT INTO channel_tokens (channel_id, access_token, refresh_token, config_hash, version, needs_reauth, updated_at)
            VALUES ('ben-thanh-zalo', '', '', 'AB12CD', 0, 0, '2026-11-26T01:00:00.0000000Z') RETURNING 1
            """.Replace("'2026-11-26T01:00:00.0000000Z'", provider == StorageProvider.Postgres ? "now()" : "'2026-11-26T01:00:00.0000000Z'"));
        await using var restarted = ChatbotApp.OnSameDatabase(kit.App, a => { ChannelKit.Configure(a, kit.Simulator); a.With("Inbox:WorkerEnabled", "false"); });
        Assert.Equal("", await kit.ScalarAsync<string>("SELECT config_hash FROM channel_tokens WHERE channel_id = 'ben-thanh-zalo'"));
    }
}
