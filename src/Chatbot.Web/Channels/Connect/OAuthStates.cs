using System.Security.Cryptography;
using System.Text;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Connect;

/// <summary>What a connection in progress is bound to.</summary>
internal sealed record OAuthState(string State, long StaffId, string ChannelId, string WardId, string Platform, string Mode, string Secret);

/// <summary>Connect, reconnect the same account, or replace it by another (a merged OA, a new Page).</summary>
internal static class ConnectModes
{
    public const string Connect = "connect";
    public const string Replace = "replace";
}

/// <summary>
/// The OAuth <c>state</c> of connections in progress (channel_oauth_states): random, stored server-side, bound to the
/// staff member and the channel, usable once per stage (the callback once, the Page pick once) and only for
/// <see cref="ConnectOptions.StateLifetime"/>. A replayed or expired state changes nothing. The PKCE verifier and, while a
/// Page is picked, the long-lived user token are kept encrypted with the key ring.
/// </summary>
internal sealed class OAuthStates(IDbConnectionFactory db, IDataProtectionProvider protection, IOptions<ConnectOptions> options, TimeProvider clock)
{
    public const string Issued = "issued", Exchanged = "exchanged", Done = "done";

    readonly IDataProtector protector = protection.CreateProtector("Chatbot.Web.Channels.Connect.OAuthState");

    public async Task<string> IssueAsync(long staffId, WardChannel channel, string mode, string secret, CancellationToken ct)
    {
        var state = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        // Old states are useless after their lifetime: they go here rather than in a job of their own.
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM channel_oauth_states WHERE expires_at < @old",
            new { old = now - TimeSpan.FromDays(1) }, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO channel_oauth_states (state, staff_id, channel_id, ward_id, platform, mode, stage, secret, created_at, expires_at)
            VALUES (@state, @staffId, @channelId, @wardId, @platform, @mode, @stage, @secret, @now, @expires)
            """, new
        {
            state, staffId, channelId = channel.Id, wardId = channel.WardId, platform = channel.Platform.Value, mode, stage = Issued,
            secret = protector.Protect(secret), now, expires = now + options.Value.StateLifetime,
        }, cancellationToken: ct));
        return state;
    }

    /// <summary>Moves the state from <paramref name="from"/> to <paramref name="to"/> for this staff member, once; or says
    /// in Vietnamese why not (unknown, already used, expired).</summary>
    public async Task<(OAuthState? State, string? Problem)> TakeAsync(string? state, long staffId, string from, string to, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state)) return (null, Unknown);
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT state AS State, staff_id AS StaffId, channel_id AS ChannelId, ward_id AS WardId, platform AS Platform, mode AS Mode,
                   stage AS Stage, secret AS Secret, expires_at AS ExpiresAt
            FROM channel_oauth_states WHERE state = @state
            """, new { state }, cancellationToken: ct));
        if (row is null || row.StaffId != staffId) return (null, Unknown);
        if (row.Stage != from) return (null, Used);
        if (row.ExpiresAt <= now) return (null, Expired(options.Value.StateLifetime));
        var taken = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE channel_oauth_states SET stage = @to WHERE state = @state AND stage = @from AND expires_at > @now",
            new { state, from, to, now }, cancellationToken: ct));
        if (taken != 1) return (null, Used); // another request took it first
        return (new OAuthState(row.State, row.StaffId, row.ChannelId, row.WardId, row.Platform, row.Mode, protector.Unprotect(row.Secret)), null);
    }

    /// <summary>Keeps what the pick step needs (the long-lived user token) with an exchanged state.</summary>
    public async Task KeepAsync(string state, string secret, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("UPDATE channel_oauth_states SET secret = @secret WHERE state = @state",
            new { state, secret = protector.Protect(secret) }, cancellationToken: ct));
    }

    /// <summary>Where a connection in progress stands, for the pick page (null when unknown or another person's).</summary>
    public async Task<(string ChannelId, string Stage, bool Expired)?> PeekAsync(string? state, long staffId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state)) return null;
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT staff_id AS StaffId, channel_id AS ChannelId, stage AS Stage, expires_at AS ExpiresAt FROM channel_oauth_states WHERE state = @state",
            new { state }, cancellationToken: ct));
        return row is null || row.StaffId != staffId ? null : (row.ChannelId, row.Stage, row.ExpiresAt <= clock.GetUtcNow());
    }

    const string Unknown = "Liên kết kết nối không hợp lệ (không có mã state, hoặc mã không phải của phiên đăng nhập này). Không có gì được lưu; hãy bấm «Kết nối» lại từ trang Kênh.";
    const string Used = "Liên kết kết nối này đã được dùng một lần (có thể do bấm quay lại hoặc tải lại trang). Không có gì được lưu thêm; hãy bấm «Kết nối» lại nếu cần.";

    static string Expired(TimeSpan lifetime) =>
        $"Phiên kết nối đã hết hạn (quá {(int)lifetime.TotalMinutes} phút kể từ khi mở hộp thoại cấp quyền). Không có gì được lưu; hãy bấm «Kết nối» lại.";

    /// <summary>PKCE (RFC 7636, platforms.md §1.2): a 43-character alphanumeric verifier and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var verifier = RandomNumberGenerator.GetString(alphabet, 43);
        return (verifier, Challenge(verifier));
    }

    public static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    sealed class Row
    {
        public string State { get; init; } = "";
        public long StaffId { get; init; }
        public string ChannelId { get; init; } = "";
        public string WardId { get; init; } = "";
        public string Platform { get; init; } = "";
        public string Mode { get; init; } = "";
        public string Stage { get; init; } = "";
        public string Secret { get; init; } = "";
        public DateTimeOffset ExpiresAt { get; init; }
    }
}
