using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Storage;

/// <summary>A turn's held statements: on PostgreSQL one batch (one round trip), on SQLite one after another — the same
/// rows either way, the rows each changed reported, and a refusal failing the whole write.</summary>
public sealed class HeldStatementTests
{
    const string Insert = """
        INSERT INTO channel_conversations (conversation_key, platform, user_id, last_inbound_at, unreachable_reason)
        VALUES (@key, 'facebook', @user, @at, @reason)
        """;

    static async Task<List<(string Key, DateTimeOffset? At, string? Reason)>> RowsAsync(ChatbotApp app)
    {
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await conn.QueryAsync<(string, DateTimeOffset?, string?)>(
            "SELECT conversation_key, last_inbound_at, unreachable_reason FROM channel_conversations WHERE conversation_key LIKE 'held:%' ORDER BY conversation_key"))
            .ToList();
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Statements_run_together_in_order_with_times_in_any_offset_and_nulls_and_report_their_rows(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var writer = app.Services.GetRequiredService<IDbWriter>();
        var at = DateTimeOffset.Parse("2026-12-02T19:30:00+07:00"); // a local time: stored as the same instant
        var changed = new List<int>();

        await writer.WriteAsync(async (conn, tx, ct) =>
        {
            await HeldStatement.RunAsync([
                new HeldStatement(Insert, new { key = "held:a", user = "a", at, reason = (string?)null }, changed.Add),
                new HeldStatement(Insert, new { key = "held:b", user = "b", at = (DateTimeOffset?)null, reason = "chặn tin nhắn" }, changed.Add),
                // Sees the rows the statements before it wrote: they ran first.
                new HeldStatement("UPDATE channel_conversations SET unreachable_reason = 'đã đọc' WHERE conversation_key LIKE @prefix",
                    new { prefix = "held:%" }, changed.Add),
                new HeldStatement("UPDATE channel_conversations SET platform = 'zalo' WHERE conversation_key = @key", new { key = "held:none" },
                    changed.Add),
            ], conn, tx, ct);
            return 0;
        });

        Assert.Equal([1, 1, 2, 0], changed);
        var rows = await RowsAsync(app);
        Assert.Equal(["held:a", "held:b"], rows.Select(r => r.Key));
        Assert.Equal(at, rows[0].At);
        Assert.Null(rows[1].At);
        Assert.All(rows, r => Assert.Equal("đã đọc", r.Reason));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reading_statements_get_their_rows_in_the_same_batch_and_see_the_writes_before_them(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var writer = app.Services.GetRequiredService<IDbWriter>();
        var read = new List<string?>();
        Func<System.Data.Common.DbDataReader, CancellationToken, Task> keys = async (reader, ct) =>
        {
            while (await reader.ReadAsync(ct)) read.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        };
        var changed = new List<int>();

        await writer.WriteAsync(async (conn, tx, ct) =>
        {
            await HeldStatement.RunAsync([
                new HeldStatement(Insert, new { key = "held:r1", user = "r1", at = DateTimeOffset.UtcNow, reason = (string?)null }, changed.Add),
                new HeldStatement("SELECT conversation_key FROM channel_conversations WHERE conversation_key LIKE 'held:%' ORDER BY 1", new { },
                    Read: keys),
                new HeldStatement(Insert, new { key = "held:r2", user = "r2", at = DateTimeOffset.UtcNow, reason = "đọc" }, changed.Add),
                new HeldStatement("""
                    UPDATE channel_conversations SET unreachable_reason = 'đã đọc' WHERE conversation_key LIKE 'held:%'
                    RETURNING conversation_key
                    """, new { }, changed.Add, keys),
                new HeldStatement("SELECT unreachable_reason FROM channel_conversations WHERE conversation_key = 'held:none'", new { }, Read: keys),
            ], conn, tx, ct);
            return 0;
        });

        Assert.Equal(["held:r1", "held:r1", "held:r2"], read.Order());
        Assert.Equal([1, 1, 2], changed);
        Assert.All(await RowsAsync(app), r => Assert.Equal("đã đọc", r.Reason));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_statement_whose_rows_are_refused_fails_the_write_and_nothing_of_it_is_committed(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var writer = app.Services.GetRequiredService<IDbWriter>();

        await Assert.ThrowsAsync<EtagConflictException>(() => writer.WriteAsync(async (conn, tx, ct) =>
        {
            await HeldStatement.RunAsync([
                new HeldStatement(Insert, new { key = "held:c", user = "c", at = DateTimeOffset.UtcNow, reason = (string?)null }),
                new HeldStatement("UPDATE channel_conversations SET platform = 'zalo' WHERE conversation_key = 'held:none'", new { },
                    rows => { if (rows == 0) throw new EtagConflictException("held:none"); }),
            ], conn, tx, ct);
            return 0;
        }));

        Assert.Empty(await RowsAsync(app));
    }
}
