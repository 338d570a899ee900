using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Connect;

/// <summary>How a channel stands, as the health board, /api/channels and the daily check show it.</summary>
internal static class HealthStates
{
    /// <summary>Tokens present and not flagged.</summary>
    public const string Connected = "connected";
    /// <summary>The platform rejected the tokens (or they no longer decrypt): staff must connect again.</summary>
    public const string NeedsReauth = "needs_reauth";
    /// <summary>No tokens: what the channel would send or publish goes to the sandbox.</summary>
    public const string Sandbox = "sandbox";

    public static string Text(string state) => state switch
    {
        Connected => "Đã kết nối",
        NeedsReauth => "Cần kết nối lại",
        _ => "Chưa kết nối (bài ghi vào «Bài chưa đăng thật»)",
    };
}

/// <param name="Source">"console" (connected here; wins over the file and configuration), "config" (a token in
/// configuration) or "none".</param>
/// <param name="Warning">Set when something expires or fails within <see cref="ConnectOptions.WarnAhead"/>.</param>
internal sealed record ChannelHealthLine(Unit Ward, WardChannel Channel, string PlatformName, string State, string Source,
    DateTimeOffset? ExpiresAt, bool Refreshes, string? Tier, DateTimeOffset? TierValidThrough, DateTimeOffset? LastSend,
    DateTimeOffset? LastPublish, string? LastError, string? Warning, DateTimeOffset? RefreshExpiresAt = null)
{
    public string StateText => HealthStates.Text(State);
}

/// <summary>
/// Reads every channel's health from the database: channel_tokens (flag, expiry), channel_connections (account, OA tier),
/// outbound_log (last successful send, last failure) and deliveries (last publish, last failure). Errors are given in plain
/// Vietnamese (<see cref="ChannelErrorText"/>); a failure older than the last success is not an error any more.
/// </summary>
internal sealed class ChannelHealth(IDbConnectionFactory db, ChannelDirectory channels, UnitDirectory units, Platforms platforms,
    IEnumerable<ITokenRefresher> refreshers, IOptionsMonitor<ChannelSecretsOptions> secrets, IOptions<ConnectOptions> options, TimeProvider clock)
{
    sealed class TokenRow
    {
        public string ChannelId { get; init; } = "";
        public DateTimeOffset? ExpiresAt { get; init; }
        public DateTimeOffset? RefreshExpiresAt { get; init; }
        public long NeedsReauth { get; init; }
        public string? ReauthReason { get; init; }
        public long ConnectedInConsole { get; init; }
    }

    sealed class Last
    {
        public string ChannelId { get; init; } = "";
        public DateTimeOffset? At { get; init; }
        public string? Reason { get; init; }
    }

    /// <summary>The channels of <paramref name="wardIds"/> (null: every ward), ordered by ward then channel.</summary>
    public async Task<IReadOnlyList<ChannelHealthLine>> ListAsync(IReadOnlyCollection<string>? wardIds, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var tokens = (await conn.QueryAsync<TokenRow>(new CommandDefinition("""
            SELECT channel_id AS ChannelId, expires_at AS ExpiresAt, refresh_expires_at AS RefreshExpiresAt, needs_reauth AS NeedsReauth, reauth_reason AS ReauthReason,
                   connected_in_console AS ConnectedInConsole FROM channel_tokens
            """, cancellationToken: ct))).ToDictionary(r => r.ChannelId);
        var connections = (await conn.QueryAsync<Connection>(new CommandDefinition("""
            SELECT channel_id AS ChannelId, tier AS Tier, tier_valid_through AS TierValidThrough FROM channel_connections
            """, cancellationToken: ct))).ToDictionary(r => r.ChannelId);
        var lastSend = await LatestAsync(conn, "SELECT channel_id AS ChannelId, MAX(created_at) AS At FROM outbound_log WHERE status = 'sent' GROUP BY channel_id", ct);
        var lastPublish = await LatestAsync(conn, "SELECT channel_id AS ChannelId, MAX(published_at) AS At FROM deliveries WHERE state = 'published' AND sandbox = @no GROUP BY channel_id", ct);
        var sendFailures = await LastOfEachAsync(conn, """
            SELECT channel_id AS ChannelId, created_at AS At, reason AS Reason FROM outbound_log
            WHERE id IN (SELECT MAX(id) FROM outbound_log WHERE status IN ('failed', 'tokenrejected') GROUP BY channel_id)
            """, ct);
        var publishFailures = await LastOfEachAsync(conn, """
            SELECT channel_id AS ChannelId, COALESCE(published_at, due_at) AS At, last_error AS Reason FROM deliveries
            WHERE id IN (SELECT MAX(id) FROM deliveries WHERE state = 'failed' AND sandbox = @no GROUP BY channel_id)
            """, ct);

        var now = clock.GetUtcNow();
        var ahead = options.Value.WarnAhead;
        var lines = new List<ChannelHealthLine>();
        foreach (var channel in channels.All.OrderBy(c => c.WardId, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            if (wardIds is not null && !wardIds.Contains(channel.WardId)) continue;
            if (units.Find(channel.WardId) is not { } ward) continue;
            var token = tokens.GetValueOrDefault(channel.Id);
            var configured = secrets.CurrentValue.GetValueOrDefault(channel.Id) is { } s && (s.AccessToken.Length > 0 || s.RefreshToken.Length > 0);
            var source = token is { ConnectedInConsole: not 0 } ? "console" : configured ? "config" : "none";
            var refreshes = refreshers.Any(r => r.Platform == channel.Platform);
            // A refresh token past its end cannot be refreshed: nothing will work until staff connect again, even though
            // nothing has failed yet (an idle OA finds out only on its next send).
            var refreshEnd = refreshes && token is { NeedsReauth: 0 } ? token.RefreshExpiresAt : null;
            var refreshExpired = refreshEnd <= now;
            var state = token is { NeedsReauth: not 0 } || refreshExpired ? HealthStates.NeedsReauth
                : source == "none" ? HealthStates.Sandbox : HealthStates.Connected;
            var connection = connections.GetValueOrDefault(channel.Id);
            DateTimeOffset? send = lastSend.TryGetValue(channel.Id, out var sentAt) ? sentAt : null; // not MinValue: "never" shows as —
            DateTimeOffset? publish = lastPublish.TryGetValue(channel.Id, out var publishedAt) ? publishedAt : null;
            string? error = token is { NeedsReauth: not 0 } ? token.ReauthReason : null;
            error ??= Newer(sendFailures.GetValueOrDefault(channel.Id), send) ?? Newer(publishFailures.GetValueOrDefault(channel.Id), publish);
            var lastError = refreshExpired
                ? $"Mã làm mới (refresh token) đã hết hạn lúc {VietnamTime.Format(refreshEnd!.Value)}: kênh lâu không gửi tin hay đăng bài nên mã "
                  + "không được tự gia hạn, và trợ lý không lấy được mã truy cập mới. Bấm «Kết nối lại»."
                : ChannelErrorText.Explain(platforms.Find(channel.Platform), error);

            var warnings = new List<string>();
            if (state == HealthStates.NeedsReauth) warnings.Add("cần kết nối lại");
            if (!refreshes && token?.ExpiresAt is { } expires && state == HealthStates.Connected && expires - now <= ahead)
                warnings.Add($"mã truy cập hết hạn lúc {VietnamTime.Format(expires)}");
            if (state == HealthStates.Connected && refreshEnd is { } end && end - now <= ahead)
                warnings.Add($"mã làm mới hết hạn lúc {VietnamTime.Format(end)} (kênh gửi tin hoặc đăng bài trước lúc đó thì mã tự gia hạn; nếu không, cần kết nối lại)");
            if (connection?.TierValidThrough is { } tierEnd && tierEnd - now <= ahead)
                warnings.Add($"gói OA {connection.Tier} hết hạn lúc {VietnamTime.Format(tierEnd)}");
            if (state == HealthStates.Connected && lastError is not null) warnings.Add("lỗi gần đây: " + lastError);

            lines.Add(new ChannelHealthLine(ward, channel, platforms.Find(channel.Platform)?.DisplayName ?? channel.Platform.Value, state, source,
                token?.ExpiresAt, refreshes, connection?.Tier, connection?.TierValidThrough, send, publish, lastError,
                warnings.Count == 0 ? null : string.Join("; ", warnings), refreshEnd));
        }
        return lines;
    }

    static string? Newer(Last? failure, DateTimeOffset? lastSuccess) =>
        failure is { At: { } at } && (lastSuccess is null || at > lastSuccess) ? failure.Reason : null;

    /// <summary>@no is false: deliveries.sandbox is a boolean on PostgreSQL and 0/1 on SQLite, and a bound false suits both.</summary>
    static async Task<Dictionary<string, DateTimeOffset>> LatestAsync(System.Data.Common.DbConnection conn, string sql, CancellationToken ct) =>
        (await conn.QueryAsync<Last>(new CommandDefinition(sql, new { no = false }, cancellationToken: ct)))
        .Where(r => r.At is not null).ToDictionary(r => r.ChannelId, r => r.At!.Value);

    static async Task<Dictionary<string, Last>> LastOfEachAsync(System.Data.Common.DbConnection conn, string sql, CancellationToken ct) =>
        (await conn.QueryAsync<Last>(new CommandDefinition(sql, new { no = false }, cancellationToken: ct))).GroupBy(r => r.ChannelId).ToDictionary(g => g.Key, g => g.First());
}
