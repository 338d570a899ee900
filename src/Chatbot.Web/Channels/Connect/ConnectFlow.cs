using Chatbot.Web.Staff;

namespace Chatbot.Web.Channels.Connect;

/// <summary>Where a step of the console's connection flow leaves staff.</summary>
internal sealed record ConnectOutcome
{
    /// <summary>Not theirs or not there: the page answers 404 (another ward's channel, URL tampering).</summary>
    public bool NotFound { get; init; }
    public Uri? Redirect { get; init; }
    public string? Problem { get; init; }
    public string? Done { get; init; }
    public WardChannel? Channel { get; init; }
    public string? State { get; init; }
    public IReadOnlyList<AccountChoice>? Choices { get; init; }
}

/// <summary>
/// The console's connection flow, platform-neutral: start (a state bound to the staff member and the channel, PKCE where
/// the platform uses it) → the platform's dialog → callback (state checked once, code traded) → a pick where the platform
/// offers several accounts → saved, applied and audited by <see cref="ChannelConnections"/>. Every refusal is a plain
/// Vietnamese sentence and stores nothing. Ward scope as everywhere: another ward's channel is "not found".
/// </summary>
internal sealed class ConnectFlow(ChannelDirectory channels, IEnumerable<IChannelConnector> connectors, OAuthStates states,
    ChannelConnections connections, Wards.UnitDirectory units, ILogger<ConnectFlow> logger)
{
    public WardChannel? Visible(CurrentStaff staff, string? channelId) =>
        channelId is not null && channels.Find(channelId) is { } c && staff.MayWorkOn(c.WardId) ? c : null;

    public IChannelConnector? ConnectorOf(PlatformId platform) => connectors.FirstOrDefault(c => c.Platform == platform);

    public async Task<ConnectOutcome> StartAsync(CurrentStaff staff, string? channelId, string? mode, Uri callback, CancellationToken ct)
    {
        if (Visible(staff, channelId) is not { } channel || ConnectorOf(channel.Platform) is not { } connector) return new() { NotFound = true };
        var (verifier, challenge) = connector.UsesPkce ? OAuthStates.Pkce() : ("", null);
        var state = await states.IssueAsync(staff.Id, channel, mode == ConnectModes.Replace ? ConnectModes.Replace : ConnectModes.Connect, verifier, ct);
        return new() { Redirect = connector.DialogUrl(state, callback, challenge), Channel = channel };
    }

    public async Task<ConnectOutcome> CallbackAsync(CurrentStaff staff, IQueryCollection query, Uri callback, CancellationToken ct)
    {
        var (state, problem) = await states.TakeAsync(query["state"], staff.Id, OAuthStates.Issued, OAuthStates.Exchanged, ct);
        if (state is null) return new() { Problem = problem };
        if (Visible(staff, state.ChannelId) is not { } channel || ConnectorOf(channel.Platform) is not { } connector) return new() { NotFound = true };
        var step = await connector.ExchangeAsync(query, callback, state.Secret, ct);
        if (step.Choices is { } choices)
        {
            await states.KeepAsync(state.State, step.Grant ?? "", ct);
            return new() { Channel = channel, State = state.State, Choices = choices };
        }
        return await FinishAsync(staff, channel, connector, state.Mode, step, ct);
    }

    public async Task<ConnectOutcome> PickAsync(CurrentStaff staff, string? stateId, string? accountId, CancellationToken ct)
    {
        var (state, problem) = await states.TakeAsync(stateId, staff.Id, OAuthStates.Exchanged, OAuthStates.Done, ct);
        if (state is null) return new() { Problem = problem };
        if (Visible(staff, state.ChannelId) is not { } channel || ConnectorOf(channel.Platform) is not { } connector) return new() { NotFound = true };
        if (string.IsNullOrWhiteSpace(accountId)) return new() { Channel = channel, Problem = $"Chưa chọn {connector.AccountNoun} nào. Không có gì được lưu; hãy kết nối lại." };
        var step = await connector.PickAsync(state.Secret, accountId, ct);
        return await FinishAsync(staff, channel, connector, state.Mode, step, ct);
    }

    async Task<ConnectOutcome> FinishAsync(CurrentStaff staff, WardChannel channel, IChannelConnector connector, string mode, ConnectStep step, CancellationToken ct)
    {
        if (step.Connected is not { } account)
        {
            logger.LogWarning("Connecting {Channel} failed: {Problem}", channel.Id, step.Problem);
            return new() { Channel = channel, Problem = step.Problem ?? "Không kết nối được." };
        }
        var noun = connector.AccountNoun;
        var current = await connections.FindAsync(channel.Id, ct);
        if (current is not null && current.AccountId != account.AccountId && mode != ConnectModes.Replace)
            return new()
            {
                Channel = channel,
                Problem = $"{noun} vừa cấp quyền («{account.Name}») khác với {noun} đang kết nối cho kênh này («{current.AccountName}»). Không có gì được thay đổi. "
                    + $"Để chuyển sang {noun} khác (ví dụ {noun} đã sáp nhập), dùng nút «Thay {noun}».",
            };
        if (await connections.FindAccountAsync(channel.Platform.Value, account.AccountId, ct) is { } elsewhere && elsewhere.ChannelId != channel.Id)
            return new()
            {
                Channel = channel,
                Problem = $"{noun} «{account.Name}» đã được kết nối cho kênh khác ({ChannelName(elsewhere.ChannelId)}). Không có gì được thay đổi; ngắt kết nối ở kênh đó trước.",
            };
        await connections.SaveAsync(channel, account, staff, mode, ct);
        return new()
        {
            Channel = channel,
            Done = $"Đã kết nối {noun} «{account.Name}» cho {WardName(channel.WardId)}. Trợ lý và lịch đăng bài dùng mã truy cập mới ngay.",
        };
    }

    // Staff read names, not ids («Phường Sài Gòn», «Zalo OA UBND Phường Sài Gòn của Phường Sài Gòn»).
    string WardName(string wardId) => units.NameOf(wardId);

    string ChannelName(string channelId) =>
        channels.Find(channelId) is { } c ? $"{connectors.FirstOrDefault(k => k.Platform == c.Platform)?.AccountNoun ?? c.Platform.Value} «{c.DisplayName}» của {WardName(c.WardId)}" : channelId;
}
