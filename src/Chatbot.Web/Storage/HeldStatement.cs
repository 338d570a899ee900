using System.Data.Common;
using Dapper;
using Npgsql;

namespace Chatbot.Web.Storage;

/// <summary>
/// One statement of an inbox turn's bookkeeping, held for the turn's next write (<see cref="TurnWrites"/>). Held
/// statements that run together go to PostgreSQL as one <see cref="NpgsqlBatch"/>: one round trip instead of one per
/// statement (issue 18: a turn's wait on the server). On SQLite, in process, they simply run one after another.
/// </summary>
/// <param name="Args">Parameters by property name, as for Dapper: strings, numbers, times (sent as UTC) or null.</param>
/// <param name="Rows">Told the rows the statement changed; may throw to fail the write it rides on (an ETag conflict).</param>
/// <param name="Read">For a statement that returns rows (a SELECT, a RETURNING): reads its result, in the same round trip
/// as the statements around it (issue 18: a claim rides in one batch with the outcome before it).</param>
public sealed record HeldStatement(string Sql, object Args, Action<int>? Rows = null, Func<DbDataReader, CancellationToken, Task>? Read = null)
{
    /// <summary>Runs <paramref name="statements"/> in order on the write's connection and transaction.</summary>
    public static async Task RunAsync(IReadOnlyList<HeldStatement> statements, DbConnection conn, DbTransaction tx, CancellationToken ct)
    {
        var reads = statements.Any(s => s.Read is not null);
        if ((statements.Count > 1 || reads) && conn is NpgsqlConnection pg)
        {
            await using var batch = new NpgsqlBatch(pg, (NpgsqlTransaction)tx);
            foreach (var s in statements) batch.BatchCommands.Add(s.ToBatchCommand());
            if (!reads) await batch.ExecuteNonQueryAsync(ct);
            else
            {
                // Npgsql gives a result set only for statements that return rows, in order: one per reading statement.
                await using var reader = await batch.ExecuteReaderAsync(ct);
                var first = true;
                foreach (var s in statements.Where(s => s.Read is not null))
                {
                    if (!first && !await reader.NextResultAsync(ct)) throw new InvalidOperationException($"No result for: {s.Sql}");
                    first = false;
                    await s.Read!(reader, ct);
                }
                while (await reader.NextResultAsync(ct)) { } // the counts of the statements after the last read
            }
            for (var i = 0; i < statements.Count; i++) statements[i].Rows?.Invoke(batch.BatchCommands[i].RecordsAffected);
            return;
        }
        foreach (var s in statements)
        {
            if (s.Read is not null)
            {
                await using var reader = await conn.ExecuteReaderAsync(new CommandDefinition(s.Sql, s.Args, tx, cancellationToken: ct));
                await s.Read(reader, ct);
                while (await reader.NextResultAsync(ct)) { }
                s.Rows?.Invoke(reader.RecordsAffected);
                continue;
            }
            var rows = await conn.ExecuteAsync(new CommandDefinition(s.Sql, s.Args, tx, cancellationToken: ct));
            s.Rows?.Invoke(rows);
        }
    }

    /// <summary>Runs <paramref name="statements"/> as a write of their own (outside an inbox turn).</summary>
    public static Task WriteAsync(IDbWriter writer, IReadOnlyList<HeldStatement> statements, CancellationToken ct, Durability durability) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            await RunAsync(statements, conn, tx, token);
            return 0;
        }, ct, durability);

    NpgsqlBatchCommand ToBatchCommand()
    {
        var command = new NpgsqlBatchCommand(Sql);
        foreach (var property in Args.GetType().GetProperties())
            command.Parameters.AddWithValue(property.Name, property.GetValue(Args) switch
            {
                null => DBNull.Value,
                DateTimeOffset time => time.ToUniversalTime(), // timestamptz takes UTC only (as DateTimeOffsetHandler does for Dapper)
                var value => value,
            });
        return command;
    }
}
