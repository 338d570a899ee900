using System.Diagnostics;
using System.Collections.Concurrent;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels;

/// <summary>
/// Channel tokens kept in channel_tokens, seeded from configuration (Channels:&lt;id&gt;; a changed configuration, e.g. after
/// re-authorising, replaces the stored row). Where the platform registers an <see cref="ITokenRefresher"/> (Zalo OA), access
/// tokens are refreshed ahead of expiry; refresh tokens are single-use (platforms.md §1.2), so a refresh first wins a
/// compare-and-set on the row's version — only the winner, on any instance, calls the platform; the others wait for its
/// result — and the new pair is stored before the new access token is used. A failed refresh, or a rejected token that
/// nothing can renew (a Page token, a bot token), flags the channel needs_reauth until its configuration changes. Tokens are encrypted at rest (<see cref="TokenCipher"/>): a row written
/// before encryption is read once as plaintext and re-stored encrypted; a row that no longer decrypts (lost key ring)
/// flags the channel for re-authorisation instead of failing every send. config_hash notices a changed configuration
/// (<see cref="ChannelConfigHash"/>).
/// </summary>
internal sealed class StoredChannelTokens(
    IDbConnectionFactory db,
    IOptionsMonitor<ChannelSecretsOptions> secrets,
    IEnumerable<ITokenRefresher> refreshers,
    Platforms platforms,
    TokenCipher cipher,
    ChannelConfigHash configHash,
    TimeProvider clock,
    ILogger<StoredChannelTokens> logger) : IChannelTokens
{
    /// <summary>Shown to staff on the channel (Quản trị → Kênh) when the stored tokens no longer decrypt.</summary>
    public const string UnreadableReason =
        "Không giải mã được token đã lưu (khóa Data Protection bị mất hoặc đã thay): cần cấp quyền lại cho kênh và cập nhật Channels:<id> trong cấu hình. "
        + "/ Stored token cannot be decrypted (Data Protection key ring lost or replaced): re-authorise the channel and update its configuration.";

    /// <summary>How long another instance's refresh is waited for before giving up on this send.</summary>
    static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new();

    /// <summary>How long sends reuse the row the last send read (issue 18: a read per reply was a round trip of its own on
    /// PostgreSQL). Every change this instance makes forgets it at once; a change another instance made (a flag, a
    /// refresh, a console connection) is seen at most this late, and a token rejected meanwhile is read afresh
    /// (<see cref="RenewAfterRejectionAsync"/>).</summary>
    internal static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);

    readonly ConcurrentDictionary<string, (Row Row, long ReadAt, ChannelSecretsOptions Configured)> recent = new();
    long changes; // counts this instance's changes: a read that overlapped one is not kept
    readonly Dictionary<PlatformId, ITokenRefresher> refresherOf = refreshers.ToDictionary(r => r.Platform);

    sealed class Row
    {
        public string AccessToken { get; set; } = "";
        public string RefreshToken { get; set; } = "";
        public DateTimeOffset? ExpiresAt { get; init; }
        public string ConfigHash { get; init; } = "";
        public long Version { get; init; }
        public DateTimeOffset? RefreshingUntil { get; init; }
        public long NeedsReauth { get; set; }
        public string? ReauthReason { get; init; }
        public long ConnectedInConsole { get; init; }
    }

    public async Task<string?> GetAccessTokenAsync(WardChannel channel, CancellationToken ct)
    {
        var row = await LoadRecentAsync(channel, ct);
        if (row is null || row.NeedsReauth != 0) return null;
        if (refresherOf.GetValueOrDefault(channel.Platform) is { } refresher && row.RefreshToken.Length > 0
            && row.ExpiresAt is { } expires && expires - clock.GetUtcNow() <= refresher.RefreshAhead)
            return await RefreshAsync(refresher, channel, row.Version, ct);
        return row.AccessToken.Length > 0 ? row.AccessToken : null;
    }

    public async Task<string?> RenewAfterRejectionAsync(WardChannel channel, string rejected, CancellationToken ct)
    {
        Forget(channel.Id);
        var row = await LoadAsync(channel, ct);
        if (row is null || row.NeedsReauth != 0) return null;
        if (row.AccessToken != rejected && row.AccessToken.Length > 0) return row.AccessToken; // renewed meanwhile
        if (refresherOf.GetValueOrDefault(channel.Platform) is { } refresher && row.RefreshToken.Length > 0)
            return await RefreshAsync(refresher, channel, row.Version, ct);
        await FlagAsync(channel.Id, platforms.Find(channel.Platform)?.TokenRejectedReason ?? "access token rejected", ct);
        return null;
    }

    public async Task<bool> NeedsReauthAsync(WardChannel channel, CancellationToken ct) =>
        (await LoadAsync(channel, ct))?.NeedsReauth is { } flag && flag != 0;

    async Task<string?> RefreshAsync(ITokenRefresher refresher, WardChannel channel, long seenVersion, CancellationToken ct)
    {
        var gate = gates.GetOrAdd(channel.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var giveUpAt = DateTimeOffset.UtcNow + RefreshWait;
            while (true)
            {
                var row = await LoadAsync(channel, ct);
                if (row is null || row.NeedsReauth != 0) return null;
                if (row.Version != seenVersion && row.RefreshingUntil is null) return row.AccessToken; // refreshed elsewhere
                var now = clock.GetUtcNow();
                if (row.RefreshingUntil is { } until && until > now)
                {
                    if (DateTimeOffset.UtcNow > giveUpAt) return null;
                    await Task.Delay(TimeSpan.FromMilliseconds(50), ct); // another instance holds the refresh
                    continue;
                }
                if (!await TryClaimRefreshAsync(channel.Id, row.Version, now, ct)) continue;
                return await RefreshClaimedAsync(refresher, channel, row, now);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<bool> TryClaimRefreshAsync(string channelId, long version, DateTimeOffset now, CancellationToken ct)
    {
        Forget(channelId);
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE channel_tokens SET version = version + 1, refreshing_until = @until
            WHERE channel_id = @channelId AND version = @version AND (refreshing_until IS NULL OR refreshing_until <= @now)
            """, new { channelId, version, now, until = now + RefreshWait }, cancellationToken: ct)) == 1;
    }

    /// <summary>Not cancellable: once the single-use refresh token is spent, its successor must be stored.</summary>
    async Task<string?> RefreshClaimedAsync(ITokenRefresher refresher, WardChannel channel, Row row, DateTimeOffset now)
    {
        using var _ = Changing(channel.Id);
        TokenRefresh result;
        try
        {
            result = await refresher.RefreshAsync(row.RefreshToken, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            result = new TokenRefresh(null, null, null, $"refresh request failed: {e.Message}");
        }
        await using var conn = await db.OpenAsync(CancellationToken.None);
        if (result is { AccessToken: { } access, RefreshToken: { } refresh })
        {
            var (storedAccess, storedRefresh) = (Encrypt(channel.Id, TokenCipher.Column.AccessToken, access),
                Encrypt(channel.Id, TokenCipher.Column.RefreshToken, refresh));
            await conn.ExecuteAsync("""
                UPDATE channel_tokens SET access_token = @access, refresh_token = @refresh, expires_at = @expires, refresh_expires_at = @refreshEnd,
                       version = version + 1, refreshing_until = NULL, updated_at = @now
                WHERE channel_id = @channelId AND version = @claimed
                """, new { access = storedAccess, refresh = storedRefresh, expires = now + (result.ExpiresIn ?? TimeSpan.FromHours(25)), now, channelId = channel.Id,
                claimed = row.Version + 1, refreshEnd = now + refresher.RefreshTokenLifetime });
            logger.LogInformation("Refreshed the access token of {Channel}", channel.Id);
            return access;
        }
        await conn.ExecuteAsync("""
            UPDATE channel_tokens SET needs_reauth = 1, reauth_reason = @reason, version = version + 1, refreshing_until = NULL, updated_at = @now
            WHERE channel_id = @channelId
            """, new { reason = result.Error, now, channelId = channel.Id });
        logger.LogError("Token refresh failed for {Channel}: {Reason}. The channel must be re-authorised.", channel.Id, result.Error);
        return null;
    }

    async Task FlagAsync(string channelId, string reason, CancellationToken ct)
    {
        using var _ = Changing(channelId);
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE channel_tokens SET needs_reauth = 1, reauth_reason = @reason, version = version + 1, updated_at = @now
            WHERE channel_id = @channelId
            """, new { channelId, reason, now = clock.GetUtcNow() }, cancellationToken: ct));
        logger.LogError("Channel {Channel} needs re-authorisation: {Reason}", channelId, reason);
    }

    /// <summary>The row the last send read, if it is younger than <see cref="Reuse"/>; else read (and kept).</summary>
    async Task<Row?> LoadRecentAsync(WardChannel channel, CancellationToken ct)
    {
        // A changed configuration (a new instance of the options) may carry new tokens: read.
        var configured = secrets.CurrentValue;
        if (recent.TryGetValue(channel.Id, out var kept) && Stopwatch.GetElapsedTime(kept.ReadAt) < Reuse && kept.Configured == configured)
            return kept.Row;
        var before = Interlocked.Read(ref changes);
        var readAt = Stopwatch.GetTimestamp();
        var row = await LoadAsync(channel, ct);
        if (row is null) recent.TryRemove(channel.Id, out _);
        else if (Interlocked.Read(ref changes) == before) recent[channel.Id] = (row, readAt, configured);
        return row;
    }

    void Forget(string channelId)
    {
        Interlocked.Increment(ref changes);
        recent.TryRemove(channelId, out _);
    }

    /// <summary>Forgets the channel's row before and after a change, so no read that overlapped it is reused.</summary>
    IDisposable Changing(string channelId)
    {
        Forget(channelId);
        return new Forgetting(() => Forget(channelId));
    }

    sealed class Forgetting(Action forget) : IDisposable
    {
        public void Dispose() => forget();
    }

    async Task<Row?> LoadAsync(WardChannel channel, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await ReadAsync(conn, channel.Id, ct);
        if (row is { ConnectedInConsole: not 0 }) return row; // connected in the console: the database wins over configuration
        if (secrets.CurrentValue.GetValueOrDefault(channel.Id) is not { } configured
            || (configured.AccessToken.Length == 0 && configured.RefreshToken.Length == 0))
            return row;
        var hash = await configHash.OfAsync(configured, ct);
        if (row?.ConfigHash == hash) return row;
        if (row is not null && (row.ConfigHash == ChannelConfigHash.Legacy(configured) || ChannelConfigHash.IsFromAnotherKey(row.ConfigHash, hash)))
        {
            // Same configuration, hashed by an older version: only the hash changes (a refreshed token pair is kept).
            // Hashed with a key that is gone (the key ring was lost, so the tokens are unreadable too): nothing says the
            // configuration changed, so it is taken as the same; a new pair set afterwards is then noticed.
            await conn.ExecuteAsync(new CommandDefinition("UPDATE channel_tokens SET config_hash = @hash WHERE channel_id = @channelId AND config_hash = @old",
                new { hash, channelId = channel.Id, old = row.ConfigHash }, cancellationToken: ct));
            return await ReadAsync(conn, channel.Id, ct);
        }
        var args = new
        {
            channelId = channel.Id, access = Encrypt(channel.Id, TokenCipher.Column.AccessToken, configured.AccessToken),
            refresh = Encrypt(channel.Id, TokenCipher.Column.RefreshToken, configured.RefreshToken),
            expires = configured.AccessTokenExpiresAt, hash, now = clock.GetUtcNow(), oldHash = row?.ConfigHash,
            // Configuration does not say when its refresh token was issued: counted from now, so a pair that waited
            // long before being configured is warned about late (docs/channels.md).
            refreshEnd = RefreshEnd(channel, configured.RefreshToken),
        };
        // New or re-authorised in configuration: the configured pair wins. Both guards make racing instances agree.
        await conn.ExecuteAsync(new CommandDefinition(row is null
            ? """
              INSERT INTO channel_tokens (channel_id, access_token, refresh_token, expires_at, refresh_expires_at, config_hash, version, needs_reauth, updated_at)
              VALUES (@channelId, @access, @refresh, @expires, @refreshEnd, @hash, 0, 0, @now) ON CONFLICT (channel_id) DO NOTHING
              """
            : """
              UPDATE channel_tokens SET access_token = @access, refresh_token = @refresh, expires_at = @expires, refresh_expires_at = @refreshEnd,
                     config_hash = @hash, version = version + 1, needs_reauth = 0, reauth_reason = NULL, refreshing_until = NULL, updated_at = @now
              WHERE channel_id = @channelId AND config_hash = @oldHash
              """, args, cancellationToken: ct));
        return await ReadAsync(conn, channel.Id, ct);
    }

    string Encrypt(string channelId, TokenCipher.Column column, string token) => cipher.Protect(channelId, column, token);

    /// <summary>When a refresh token stored now stops working; null where the platform has none.</summary>
    DateTimeOffset? RefreshEnd(WardChannel channel, string refreshToken) =>
        refreshToken.Length > 0 && refresherOf.GetValueOrDefault(channel.Platform) is { } refresher ? clock.GetUtcNow() + refresher.RefreshTokenLifetime : null;

    /// <summary>The row with its tokens decrypted. A plaintext row from before encryption is re-stored encrypted (only if
    /// nobody changed it meanwhile); a row that cannot be decrypted is flagged for re-authorisation.</summary>
    async Task<Row?> ReadAsync(System.Data.Common.DbConnection conn, string channelId, CancellationToken ct)
    {
        if (await SelectAsync(conn, channelId, ct) is not { } row) return null;
        var (storedAccess, storedRefresh) = (row.AccessToken, row.RefreshToken);
        try
        {
            row.AccessToken = cipher.Unprotect(channelId, TokenCipher.Column.AccessToken, storedAccess);
            row.RefreshToken = cipher.Unprotect(channelId, TokenCipher.Column.RefreshToken, storedRefresh);
        }
        catch (TokenCipher.UnreadableException e)
        {
            row.AccessToken = row.RefreshToken = "";
            if (row.NeedsReauth == 0)
            {
                logger.LogError(e, "Stored tokens of {Channel} cannot be decrypted", channelId);
                await FlagAsync(channelId, UnreadableReason, ct);
                row.NeedsReauth = 1;
            }
            return row;
        }
        if (!TokenCipher.IsEncrypted(storedAccess) || !TokenCipher.IsEncrypted(storedRefresh))
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE channel_tokens SET access_token = @access, refresh_token = @refresh
                WHERE channel_id = @channelId AND access_token = @storedAccess AND refresh_token = @storedRefresh
                """, new
                {
                    channelId, storedAccess, storedRefresh,
                    access = Encrypt(channelId, TokenCipher.Column.AccessToken, row.AccessToken),
                    refresh = Encrypt(channelId, TokenCipher.Column.RefreshToken, row.RefreshToken),
                }, cancellationToken: ct));
            logger.LogInformation("Encrypted the plaintext tokens stored for {Channel}", channelId);
        }
        return row;
    }

    /// <summary>Stores the tokens staff just obtained in the console (OAuth): they replace whatever the row held, clear a
    /// re-authorisation flag, and from now on win over configuration (connected_in_console) until disconnected.</summary>
    public async Task StoreConnectedAsync(WardChannel channel, string accessToken, string refreshToken, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var channelId = channel.Id;
        using var _ = Changing(channelId);
        var args = new
        {
            channelId, access = Encrypt(channelId, TokenCipher.Column.AccessToken, accessToken),
            refresh = Encrypt(channelId, TokenCipher.Column.RefreshToken, refreshToken), expires = expiresAt, now = clock.GetUtcNow(),
            refreshEnd = RefreshEnd(channel, refreshToken),
        };
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO channel_tokens (channel_id, access_token, refresh_token, expires_at, refresh_expires_at, config_hash, version, needs_reauth, updated_at, connected_in_console)
            VALUES (@channelId, @access, @refresh, @expires, @refreshEnd, '', 0, 0, @now, 1)
            ON CONFLICT (channel_id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                expires_at = excluded.expires_at, refresh_expires_at = excluded.refresh_expires_at, config_hash = '', version = channel_tokens.version + 1, refreshing_until = NULL,
                needs_reauth = 0, reauth_reason = NULL, updated_at = excluded.updated_at, connected_in_console = 1
            """, args, cancellationToken: ct));
    }

    /// <summary>Forgets a console connection's tokens: the channel is seeded from configuration again, or publishes to the sandbox.</summary>
    public async Task ForgetConnectedAsync(string channelId, CancellationToken ct)
    {
        using var _ = Changing(channelId);
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM channel_tokens WHERE channel_id = @channelId AND connected_in_console = 1",
            new { channelId }, cancellationToken: ct));
    }

    static Task<Row?> SelectAsync(System.Data.Common.DbConnection conn, string channelId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Row?>(new CommandDefinition("""
            SELECT access_token AS AccessToken, refresh_token AS RefreshToken, expires_at AS ExpiresAt, config_hash AS ConfigHash,
                   version AS Version, refreshing_until AS RefreshingUntil, needs_reauth AS NeedsReauth, reauth_reason AS ReauthReason,
                   connected_in_console AS ConnectedInConsole
            FROM channel_tokens WHERE channel_id = @channelId
            """, new { channelId }, cancellationToken: ct));

}
