using Chatbot.Web.Channels;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Each ward channel's state, read from configuration (is a token set?) and channel_tokens (the row StoredChannelTokens
/// keeps: needs_reauth, expiry). A channel without a token publishes to the sandbox. Where the platform refreshes its
/// tokens (Zalo OA: ~25 h), an expiry only matters when a refresh fails (then the channel needs re-authorising).
/// </summary>
internal sealed class ChannelsModel(UnitDirectory units, ChannelDirectory channels, Platforms platforms, IEnumerable<ITokenRefresher> refreshers,
    IDbConnectionFactory db, IOptionsMonitor<ChannelSecretsOptions> secrets, Channels.Inbox.ParkedEvents parked, TimeProvider clock) : ConsolePage
{
    public const int ExpiringDays = 7;

    public sealed record TokenRow
    {
        public string ChannelId { get; init; } = "";
        public DateTimeOffset? ExpiresAt { get; init; }
        public long NeedsReauth { get; init; }
        public string? ReauthReason { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    public sealed record Line(Unit Ward, WardChannel Channel, string Platform, string State, string Css, string? Detail);

    public IReadOnlyList<Line> Lines { get; private set; } = [];

    /// <summary>Citizen messages the bot will not answer (unreadable, or failed every attempt), newest first, with the
    /// channel they came to; a ward's staff see their channels' ones, a district admin every one.</summary>
    public IReadOnlyList<(Channels.Inbox.ParkedEvent Event, string Channel)> Parked { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Dictionary<string, TokenRow> rows;
        await using (var conn = await db.OpenAsync(ct))
            rows = (await conn.QueryAsync<TokenRow>(new CommandDefinition("""
                SELECT channel_id AS ChannelId, expires_at AS ExpiresAt, needs_reauth AS NeedsReauth, reauth_reason AS ReauthReason,
                       updated_at AS UpdatedAt FROM channel_tokens
                """, cancellationToken: ct))).ToDictionary(r => r.ChannelId);
        var now = clock.GetUtcNow();
        Lines = WardsFor(Staff, units, clock).SelectMany(u => channels.ForWard(u.Id).Select(c =>
        {
            var platform = platforms.Find(c.Platform);
            Line Of(string state, string css, string? detail) => new(u, c, platform?.DisplayName ?? c.Platform.Value, state, css, detail);
            var configured = secrets.CurrentValue.GetValueOrDefault(c.Id) is { } s && (s.AccessToken.Length > 0 || s.RefreshToken.Length > 0);
            var row = rows.GetValueOrDefault(c.Id);
            return (configured, row) switch
            {
                (_, { NeedsReauth: not 0 } r) => Of("Cần cấp quyền lại", "failed", r.ReauthReason),
                (false, _) => Of("Chưa kết nối", "draft", "Bài đăng được ghi vào «Bài chưa đăng thật», không lên nền tảng."),
                (true, { ExpiresAt: { } e }) when e <= now => Of("Mã truy cập đã hết hạn", "failed", "Sẽ làm mới ở lần đăng tới; nếu không được sẽ báo cần cấp quyền lại."),
                (true, { ExpiresAt: { } e }) when e - now <= TimeSpan.FromDays(ExpiringDays) =>
                    Of($"Đã kết nối · mã hết hạn sau {Math.Max(0, (int)Math.Floor((e - now).TotalDays))} ngày", "awaiting_approval",
                        $"Hết hạn lúc {Local(e)}" + (refreshers.Any(x => x.Platform == c.Platform) ? $" ({platform?.ChatName} tự làm mới)" : "")),
                _ => Of("Đã kết nối", "published", null),
            };
        })).ToList();
        var names = Lines.GroupBy(l => l.Channel.AccountId).ToDictionary(g => g.Key, g => $"{g.First().Ward.ShortName} · {g.First().Channel.DisplayName}");
        Parked = (await parked.LatestAsync(Staff.IsDistrictAdmin ? null : names.Keys, 50, ct))
            .Select(e => (e, names.GetValueOrDefault(e.AccountId) ?? (e.AccountId.Length > 0 ? $"{e.Platform} {e.AccountId}" : e.Platform)))
            .ToList();
    }
}
