using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;
using Hangfire;

namespace Chatbot.Web.Channels.Connect;

/// <summary>
/// Daily (recurring job "channels.health", 07:00 Asia/Ho_Chi_Minh): every channel that expires or fails within
/// <see cref="ConnectOptions.WarnAhead"/> gets a warning — the console's banner (channel_warnings, replaced on each run)
/// and one audit entry per channel and run (actor «hệ thống»). A channel that is healthy again loses its banner.
/// </summary>
[AutomaticRetry(Attempts = 1)]
[DisableConcurrentExecution(300)]
internal sealed class ChannelHealthJob(ChannelHealth health, IDbConnectionFactory db, AuditLog audit, TimeProvider clock)
{
    public const string RecurringId = "channels.health";
    public const string Cron = "0 7 * * *";
    public const string Actor = "hệ thống";

    public async Task RunAsync(CancellationToken ct)
    {
        var warned = (await health.ListAsync(null, ct)).Where(l => l.Warning is not null).ToList();
        var now = clock.GetUtcNow();
        await using (var conn = await db.OpenAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM channel_warnings", transaction: tx, cancellationToken: ct));
            foreach (var line in warned)
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO channel_warnings (channel_id, ward_id, message, raised_at) VALUES (@channelId, @wardId, @message, @now)",
                    new { channelId = line.Channel.Id, wardId = line.Ward.Id, message = Message(line), now }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        foreach (var line in warned)
            await audit.WriteAsync(Actor, "channel.health_warning", line.Channel.Id, line.Ward.Id, line.Warning, ct);
    }

    static string Message(ChannelHealthLine l) => $"{l.PlatformName} «{l.Channel.DisplayName}» ({l.Ward.Name}): {l.Warning}.";
}

/// <summary>The banner's lines for the wards a staff member works on.</summary>
internal sealed class ChannelWarnings(IDbConnectionFactory db)
{
    public async Task<IReadOnlyList<string>> ForAsync(CurrentStaff staff, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition(
            $"SELECT message FROM channel_warnings {(staff.IsDistrictAdmin ? "" : "WHERE ward_id = @ward")} ORDER BY ward_id, channel_id",
            new { ward = staff.WardId }, cancellationToken: ct))).ToList();
    }
}
