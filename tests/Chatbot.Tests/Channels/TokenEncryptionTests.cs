using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels;

/// <summary>Channel tokens are encrypted at rest with a Data Protection key ring kept in the app database.</summary>
public sealed class TokenEncryptionTests
{
    const string ExpiresSoon = "2026-11-26T01:10:00.0000000+00:00"; // 10 min left on the test clock: the first read refreshes

    static Task<string?> TokenAsync(ChatbotApp app) => app.Services.GetRequiredService<IChannelTokens>()
        .GetAccessTokenAsync(app.Services.GetRequiredService<ChannelDirectory>().Find("sai-gon-zalo")!, default);

    static async Task<(string Access, string Refresh)> StoredAsync(ChannelKit kit)
    {
        await using var conn = await kit.App.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await conn.QuerySingleAsync<(string, string)>("SELECT access_token, refresh_token FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'");
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stored_tokens_are_encrypted_and_two_instances_on_one_database_read_each_others(StorageProvider provider)
    {
        await using var first = await ChannelKit.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false")
            .With("Channels:sai-gon-zalo:AccessTokenExpiresAt", ExpiresSoon));
        first.Simulator.ZaloOAuth().Issue("zalo-refresh-0", "zalo-access-0");
        Assert.Equal("zalo-access-1", await TokenAsync(first.App)); // refreshed by the first instance, stored encrypted

        var (access, refresh) = await StoredAsync(first);
        Assert.DoesNotContain("zalo-access", access);
        Assert.DoesNotContain("zalo-refresh", refresh);
        Assert.StartsWith("dp1:", access);
        Assert.StartsWith("dp1:", refresh);

        await using var second = ChatbotApp.OnSameDatabase(first.App, a =>
        {
            ChannelKit.Configure(a, first.Simulator);
            a.With("Inbox:WorkerEnabled", "false").With("Channels:sai-gon-zalo:AccessTokenExpiresAt", ExpiresSoon);
        });
        Assert.Equal("zalo-access-1", await TokenAsync(second)); // only in the database, encrypted by the first instance

        second.Clock.Advance(TimeSpan.FromHours(25)); // the second instance refreshes; the first reads what it stored
        Assert.Equal("zalo-access-2", await TokenAsync(second));
        Assert.Equal("zalo-access-2", await TokenAsync(first.App));
        Assert.Equal(["zalo-refresh-0", "zalo-refresh-1"], first.Simulator.ZaloOAuth().Presented);
        Assert.DoesNotContain("zalo-refresh-2", (await StoredAsync(first)).Refresh);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_plaintext_row_from_before_encryption_is_read_once_then_stored_encrypted(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        Assert.Equal("zalo-access-0", await TokenAsync(kit.App));
        // As an older version left it: the same row with its tokens in plain text.
        await kit.ScalarAsync<long>("UPDATE channel_tokens SET access_token = 'zalo-access-0', refresh_token = 'zalo-refresh-0' WHERE channel_id = 'sai-gon-zalo' RETURNING 1");
        // What a new version finds when it starts (the running one reuses the row it read a moment ago).
        await using var upgraded = ChatbotApp.OnSameDatabase(kit.App, a => { ChannelKit.Configure(a, kit.Simulator); a.With("Inbox:WorkerEnabled", "false"); });

        Assert.Equal("zalo-access-0", await TokenAsync(upgraded));
        var (access, refresh) = await StoredAsync(kit);
        Assert.StartsWith("dp1:", access);
        Assert.StartsWith("dp1:", refresh);
        Assert.Equal("zalo-access-0", await TokenAsync(upgraded));
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT needs_reauth FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'"));
    }

    // Sends reuse the row read a moment ago (issue 18: a read per reply was a round trip of its own); a rejection reads
    // afresh, and what it finds (another instance flagged the channel) holds from then on.
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sends_reuse_the_token_read_a_moment_ago_and_a_rejection_reads_it_afresh(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        var tokens = kit.App.Services.GetRequiredService<IChannelTokens>();
        var channel = kit.App.Services.GetRequiredService<ChannelDirectory>().Find("sai-gon-zalo")!;
        var read = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("zalo-access-0", await tokens.GetAccessTokenAsync(channel, default));
        // Another instance found the token rejected and nothing could renew it.
        await kit.ScalarAsync<long>("UPDATE channel_tokens SET needs_reauth = 1, reauth_reason = 'bị từ chối' WHERE channel_id = 'sai-gon-zalo' RETURNING 1");
        var again = await tokens.GetAccessTokenAsync(channel, default);
        if (read.Elapsed < StoredChannelTokens.Reuse) Assert.Equal("zalo-access-0", again); // reused: no read (a slow machine may have read)

        Assert.Null(await tokens.RenewAfterRejectionAsync(channel, "zalo-access-0", default));
        Assert.Null(await tokens.GetAccessTokenAsync(channel, default));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_that_no_longer_decrypts_flags_the_channel_for_reauthorisation_instead_of_failing(StorageProvider provider)
    {
        await using var first = await ChannelKit.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        Assert.Equal("zalo-access-0", await TokenAsync(first.App));
        await first.ScalarAsync<long>("DELETE FROM data_protection_keys RETURNING 1"); // the key ring is lost

        await using var restarted = ChatbotApp.OnSameDatabase(first.App, a =>
        {
            ChannelKit.Configure(a, first.Simulator);
            a.With("Inbox:WorkerEnabled", "false");
        });
        Assert.Null(await TokenAsync(restarted));
        Assert.Equal(1L, await first.ScalarAsync<long>("SELECT needs_reauth FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'"));
        var reason = await first.ScalarAsync<string>("SELECT reauth_reason FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'");
        Assert.StartsWith("Không giải mã được token đã lưu", reason);
        Assert.Contains("re-authorise", reason);
        Assert.Null(await TokenAsync(restarted)); // still flagged, still no exception

        // Re-authorising (a new pair in configuration) clears the flag and stores the new pair encrypted.
        await using var reauthorised = ChatbotApp.OnSameDatabase(first.App, a =>
        {
            ChannelKit.Configure(a, first.Simulator);
            a.With("Inbox:WorkerEnabled", "false").With("Channels:sai-gon-zalo:AccessToken", "zalo-access-new")
                .With("Channels:sai-gon-zalo:RefreshToken", "zalo-refresh-new");
        });
        Assert.Equal("zalo-access-new", await TokenAsync(reauthorised));
        Assert.Equal(0L, await first.ScalarAsync<long>("SELECT needs_reauth FROM channel_tokens WHERE channel_id = 'sai-gon-zalo'"));
    }
}
