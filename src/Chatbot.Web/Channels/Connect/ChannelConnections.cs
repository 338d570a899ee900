using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Connect;

/// <summary>A channel connected in the console (channel_connections).</summary>
internal sealed record Connection
{
    public string ChannelId { get; init; } = "";
    public string WardId { get; init; } = "";
    public string Platform { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string AccountName { get; init; } = "";
    public string? Tier { get; init; }
    public DateTimeOffset? TierValidThrough { get; init; }
    public string ConnectedBy { get; init; } = "";
    public DateTimeOffset ConnectedAt { get; init; }
}

/// <summary>
/// Channels connected in the console. Saving one stores its account and tokens (the tokens in channel_tokens, marked as
/// connected in the console, so configuration no longer replaces them), applies it to <see cref="ChannelDirectory"/> at
/// once on this instance, and audits it; other instances pick it up within <see cref="ConnectOptions.RefreshInterval"/>
/// (<see cref="ConnectionsRefresher"/>). Tokens themselves are read from the database on every send, so a new token is
/// used by the next reply or publish on every instance.
/// </summary>
internal sealed class ChannelConnections(IDbConnectionFactory db, ChannelDirectory directory, StoredChannelTokens tokens, AuditLog audit,
    TimeProvider clock)
{
    const string Columns = """
        channel_id AS ChannelId, ward_id AS WardId, platform AS Platform, account_id AS AccountId, account_name AS AccountName, tier AS Tier,
        tier_valid_through AS TierValidThrough, connected_by AS ConnectedBy, connected_at AS ConnectedAt
        """;

    public async Task<IReadOnlyList<Connection>> ListAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Connection>(new CommandDefinition($"SELECT {Columns} FROM channel_connections ORDER BY channel_id",
            cancellationToken: ct))).ToList();
    }

    public async Task<Connection?> FindAsync(string channelId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Connection>(new CommandDefinition(
            $"SELECT {Columns} FROM channel_connections WHERE channel_id = @channelId", new { channelId }, cancellationToken: ct));
    }

    /// <summary>The channel (of any ward) this account is connected to already, if any.</summary>
    public async Task<Connection?> FindAccountAsync(string platform, string accountId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<Connection>(new CommandDefinition(
            $"SELECT {Columns} FROM channel_connections WHERE platform = @platform AND account_id = @accountId", new { platform, accountId },
            cancellationToken: ct));
    }

    public async Task SaveAsync(WardChannel channel, ConnectedAccount account, CurrentStaff staff, string mode, CancellationToken ct)
    {
        var before = await FindAsync(channel.Id, ct);
        var now = clock.GetUtcNow();
        await using (var conn = await db.OpenAsync(ct))
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO channel_connections (channel_id, ward_id, platform, account_id, account_name, tier, tier_valid_through, connected_by, connected_at, updated_at)
                VALUES (@channelId, @wardId, @platform, @accountId, @name, @tier, @tierValidThrough, @by, @now, @now)
                ON CONFLICT (channel_id) DO UPDATE SET account_id = excluded.account_id, account_name = excluded.account_name, tier = excluded.tier,
                    tier_valid_through = excluded.tier_valid_through, connected_by = excluded.connected_by, connected_at = excluded.connected_at,
                    updated_at = excluded.updated_at
                """, new
            {
                channelId = channel.Id, wardId = channel.WardId, platform = channel.Platform.Value, accountId = account.AccountId, name = account.Name,
                tier = account.Tier, tierValidThrough = account.TierValidThrough, by = staff.Name, now,
            }, cancellationToken: ct));
        await tokens.StoreConnectedAsync(channel, account.AccessToken, account.RefreshToken, account.ExpiresAt, ct);
        await RefreshAsync(ct);
        var action = mode == ConnectModes.Replace ? "channel.replace" : before is null ? "channel.connect" : "channel.reconnect";
        var detail = $"{account.Name} ({account.AccountId})"
            + (before is not null && before.AccountId != account.AccountId ? $", thay cho {before.AccountName} ({before.AccountId})" : "")
            + (account.Done.Count > 0 ? "; " + string.Join("; ", account.Done) : "");
        await audit.WriteAsync(staff.Name, action, channel.Id, channel.WardId, detail, ct);
    }

    /// <summary>Forgets the console connection: the channel falls back to wards.yaml and configuration (or the sandbox).</summary>
    public async Task DisconnectAsync(WardChannel channel, CurrentStaff staff, CancellationToken ct)
    {
        var before = await FindAsync(channel.Id, ct);
        await using (var conn = await db.OpenAsync(ct))
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM channel_connections WHERE channel_id = @channelId",
                new { channelId = channel.Id }, cancellationToken: ct));
        await tokens.ForgetConnectedAsync(channel.Id, ct);
        await RefreshAsync(ct);
        await audit.WriteAsync(staff.Name, "channel.disconnect", channel.Id, channel.WardId,
            before is null ? null : $"{before.AccountName} ({before.AccountId})", ct);
    }

    /// <summary>Re-reads the connected channels into <see cref="ChannelDirectory"/>.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var rows = await ListAsync(ct);
        directory.Apply(rows.Select(r => new WardChannel(r.ChannelId, r.WardId, new PlatformId(r.Platform), r.AccountId, r.AccountName)).ToList());
    }
}

/// <summary>Applies the console's connections at start and re-reads them every <see cref="ConnectOptions.RefreshInterval"/>,
/// so a channel connected on another instance is answered and published here too.</summary>
internal sealed class ConnectionsRefresher(ChannelConnections connections, IOptions<ConnectOptions> options, ILogger<ConnectionsRefresher> logger)
    : IHostedService
{
    readonly CancellationTokenSource stopping = new(); // not disposed: the host may stop a service after disposing it
    Task? loop;

    public async Task StartAsync(CancellationToken ct)
    {
        await connections.RefreshAsync(ct);
        loop = LoopAsync(stopping.Token);
    }

    async Task LoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await connections.RefreshAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not re-read the connected channels; keeping the last ones read");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await stopping.CancelAsync();
        if (loop is not null) await loop;
    }
}
