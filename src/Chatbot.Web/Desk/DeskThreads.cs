using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Desk;

/// <summary>
/// desk_threads and desk_messages: the one owner of a thread's state. At most one live (waiting/open) thread per
/// conversation (a unique index); every state change is a compare-and-set on the state it expects.
/// </summary>
public sealed class DeskThreads(IDbConnectionFactory db, IDbWriter writer)
{
    const string ThreadColumns = """
        id AS Id, channel AS Channel, conversation_id AS ConversationId, user_id AS UserId, account_id AS AccountId,
        ward_id AS WardId, state AS State, origin AS Origin, assigned_to AS AssignedTo, requested_at AS RequestedAt,
        last_citizen_at AS LastCitizenAt, first_response_at AS FirstResponseAt, closed_at AS ClosedAt, closed_by AS ClosedBy
        """;

    const string MessageColumns = """
        id AS Id, thread_id AS ThreadId, author AS Author, staff_name AS StaffName, text AS Text, created_at AS CreatedAt,
        status AS Status, reason AS Reason
        """;

    public async Task<DeskThread?> LiveAsync(string channel, string conversationId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeskThread>(new CommandDefinition(
            $"SELECT {ThreadColumns} FROM desk_threads WHERE channel = @channel AND conversation_id = @conversationId AND state <> 'closed'",
            new { channel, conversationId }, cancellationToken: ct));
    }

    /// <summary>True when the citizen has a live thread on the channel (any of their conversations there).</summary>
    public async Task<bool> HasLiveAsync(string channel, string userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM desk_threads WHERE channel = @channel AND user_id = @userId AND state <> 'closed'",
            new { channel, userId }, cancellationToken: ct)) > 0;
    }

    /// <summary>Opens a thread (state <paramref name="state"/>) with the lines before it, or returns the live one the
    /// conversation already has (a double tap, a second echo). The bool says whether this call opened it.</summary>
    public Task<(DeskThread Thread, bool Opened)> OpenAsync(NewThread t, string state, string? assignedTo, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var existing = await conn.QuerySingleOrDefaultAsync<DeskThread>(new CommandDefinition(
                $"SELECT {ThreadColumns} FROM desk_threads WHERE channel = @Channel AND conversation_id = @ConversationId AND state <> 'closed'",
                t, tx, cancellationToken: token));
            if (existing is not null) return (existing, false);
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO desk_threads (channel, conversation_id, user_id, account_id, ward_id, state, origin, assigned_to, requested_at, last_citizen_at)
                VALUES (@Channel, @ConversationId, @UserId, @AccountId, @WardId, @state, @Origin, @assignedTo, @At, @At)
                RETURNING id
                """, new { t.Channel, t.ConversationId, t.UserId, t.AccountId, t.WardId, state, t.Origin, assignedTo, t.At }, tx,
                cancellationToken: token));
            foreach (var (author, text, at) in t.Lines)
                await InsertMessageAsync(conn, tx, id, author, null, text, at, null, token);
            var opened = await conn.QuerySingleAsync<DeskThread>(new CommandDefinition(
                $"SELECT {ThreadColumns} FROM desk_threads WHERE id = @id", new { id }, tx, cancellationToken: token));
            return (opened, true);
        }, ct);

    /// <summary>The citizen wrote in a live thread: the message joins it and the reply window restarts.</summary>
    public Task AddCitizenMessageAsync(long threadId, string text, DateTimeOffset at, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            await InsertMessageAsync(conn, tx, threadId, Authors.Citizen, null, text, at, null, token);
            return await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE desk_threads SET last_citizen_at = @at WHERE id = @threadId AND last_citizen_at < @at",
                new { threadId, at }, tx, cancellationToken: token));
        }, ct);

    /// <summary>A line that needs no sending (typed in the platform's own inbox): it also counts as the first response.</summary>
    public Task AddAnsweredElsewhereAsync(long threadId, string author, string text, DateTimeOffset at, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            await InsertMessageAsync(conn, tx, threadId, author, null, text, at, "sent", token);
            return await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE desk_threads SET first_response_at = COALESCE(first_response_at, @at),
                       state = CASE WHEN state = 'waiting' THEN 'open' ELSE state END
                WHERE id = @threadId
                """, new { threadId, at }, tx, cancellationToken: token));
        }, ct);

    /// <summary>A staff reply (or the bot's notice that the thread closed), stored (queued) before anything is sent; null
    /// when the thread is no longer live.</summary>
    public Task<long?> QueueReplyAsync(long threadId, string staffName, string text, DateTimeOffset at, CancellationToken ct,
        string author = Authors.Staff) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var live = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM desk_threads WHERE id = @threadId AND state <> 'closed'", new { threadId }, tx, cancellationToken: token));
            if (live == 0) return (long?)null;
            return await InsertMessageAsync(conn, tx, threadId, author, author == Authors.Staff ? staffName : null, text, at,
                DeskDelivery.Queued, token);
        }, ct);

    /// <summary>Compare-and-set queued → sending: only the caller that gets true sends this reply.</summary>
    public Task<bool> ClaimReplyAsync(long messageId, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) => await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE desk_messages SET status = 'sending' WHERE id = @messageId AND status = 'queued'", new { messageId }, tx,
            cancellationToken: token)) == 1, ct);

    /// <summary>The outcome of a claimed reply; a staff reply that went (<paramref name="staffName"/> given) makes the thread
    /// open and stamps the first response.</summary>
    public Task FinishReplyAsync(long messageId, long threadId, string status, string? reason, string? staffName, DateTimeOffset at,
        CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE desk_messages SET status = @status, reason = @reason WHERE id = @messageId AND status = 'sending'",
                new { messageId, status, reason }, tx, cancellationToken: token));
            if (staffName is null || status is not (DeskDelivery.Sent or DeskDelivery.OnPage or DeskDelivery.Sandbox)) return 0;
            return await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE desk_threads SET first_response_at = COALESCE(first_response_at, @at),
                       assigned_to = COALESCE(assigned_to, @staffName),
                       state = CASE WHEN state = 'waiting' THEN 'open' ELSE state END
                WHERE id = @threadId
                """, new { threadId, at, staffName }, tx, cancellationToken: token));
        }, ct);

    public Task<bool> AssignAsync(long threadId, string staffName, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) => await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE desk_threads SET assigned_to = @staffName, state = CASE WHEN state = 'waiting' THEN 'open' ELSE state END
            WHERE id = @threadId AND state <> 'closed'
            """, new { threadId, staffName }, tx, cancellationToken: token)) == 1, ct);

    /// <summary>Closes a live thread (false: it was closed already, so nobody tells the citizen twice).</summary>
    public Task<bool> CloseAsync(long threadId, string by, DateTimeOffset at, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) => await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE desk_threads SET state = 'closed', closed_at = @at, closed_by = @by WHERE id = @threadId AND state <> 'closed'",
            new { threadId, by, at }, tx, cancellationToken: token)) == 1, ct);

    public async Task<DeskThread?> FindAsync(long id, WardScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeskThread>(new CommandDefinition(
            $"SELECT {ThreadColumns} FROM desk_threads WHERE id = @id AND {scope.Sql}", new { id, ward = scope.WardId }, cancellationToken: ct));
    }

    /// <summary>Threads in one state, oldest request first (the one waiting longest on top); closed: newest first.</summary>
    public async Task<IReadOnlyList<DeskThread>> ListAsync(WardScope scope, string? wardId, string state, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var order = state == ThreadStates.Closed ? "closed_at DESC" : "requested_at, id";
        return (await conn.QueryAsync<DeskThread>(new CommandDefinition($"""
            SELECT {ThreadColumns} FROM desk_threads
            WHERE state = @state AND {scope.Sql} {(wardId is null ? "" : "AND ward_id = @wardId")}
            ORDER BY {order} LIMIT @limit
            """, new { state, ward = scope.WardId, wardId, limit }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<DeskMessage>> MessagesAsync(long threadId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<DeskMessage>(new CommandDefinition(
            $"SELECT {MessageColumns} FROM desk_messages WHERE thread_id = @threadId ORDER BY id", new { threadId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Staff replies (and the closing notice) of a conversation after <paramref name="afterId"/>, for a chat page that fetches them itself.</summary>
    public async Task<IReadOnlyList<DeskMessage>> StaffRepliesAsync(string channel, string conversationId, long afterId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<DeskMessage>(new CommandDefinition($"""
            SELECT {MessageColumns.Replace("id AS Id", "m.id AS Id", StringComparison.Ordinal)} FROM desk_messages m
            JOIN desk_threads t ON t.id = m.thread_id
            WHERE t.channel = @channel AND t.conversation_id = @conversationId AND m.status = @onPage AND m.id > @afterId
            ORDER BY m.id
            """, new { channel, conversationId, afterId, onPage = DeskDelivery.OnPage }, cancellationToken: ct))).ToList();
    }

    static Task<long> InsertMessageAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, long threadId,
        string author, string? staffName, string text, DateTimeOffset at, string? status, CancellationToken ct) =>
        conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO desk_messages (thread_id, author, staff_name, text, created_at, status)
            VALUES (@threadId, @author, @staffName, @text, @at, @status) RETURNING id
            """, new { threadId, author, staffName, text, at, status }, tx, cancellationToken: ct));
}
