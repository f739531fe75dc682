using Exchange.Markets.Settlement;
using Exchange.Storage.Metering;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Storage.Settlement;

/// <summary>What a step handed to the ledger came to: each transfer's outcome, and whether the step was written.</summary>
public sealed record LedgerAppend(IReadOnlyList<TransferOutcome> Outcomes, bool Written)
{
    public static bool Accepted(TransferOutcome outcome) => outcome is TransferOutcome.Applied or TransferOutcome.Repeated;
}

/// <summary>
/// Appends one step's transfers to the ledger inside the caller's transaction, all or none: it takes the ledger's writer
/// lock (one writer on any silo, so the chain has one head), reads the accounts and earlier transfers the step touches,
/// lets <see cref="LedgerBook"/> judge every transfer against them, and only when each is applied or a repeat writes
/// the new ones, chained, with the accounts' new balances. The rules are the book's; this class only stores.
/// </summary>
public static class LedgerWriter
{
    /// <summary>Takes the writer lock for the rest of the caller's transaction.</summary>
    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("LOCK TABLE ledger_writer IN EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Posts <paramref name="transfers"/> in order at <paramref name="at"/>; <paramref name="holderOf"/> names whose money
    /// a new account is (an escrow's buyer). Nothing is written unless every transfer is applied or repeated. A caller
    /// whose transfers are <paramref name="new"/> by construction (a settlement run: its state advances in the same
    /// transaction) skips looking for earlier ones; the unique index on the id still refuses a second one.
    /// </summary>
    public static async Task<LedgerAppend> PostAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Transfer> transfers, DateTimeOffset at, long? runId, string? reference,
        Func<LedgerAccount, decimal?> floors, Func<LedgerAccount, string> holderOf, CancellationToken cancellationToken, bool @new = false)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(holderOf);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var book = new LedgerBook(floors);
        var accounts = transfers.SelectMany(t => (LedgerAccount[])[t.From, t.To]).Distinct().ToArray();
        await RestoreAccountsAsync(connection, transaction, book, accounts, cancellationToken).ConfigureAwait(false);
        if (!@new)
        {
            await RestoreTransfersAsync(connection, transaction, book, transfers, cancellationToken).ConfigureAwait(false);
        }

        var outcomes = transfers.Select(book.Post).ToArray();
        if (!outcomes.All(LedgerAppend.Accepted))
        {
            return new LedgerAppend(outcomes, Written: false);
        }

        var applied = transfers.Where((_, i) => outcomes[i] == TransferOutcome.Applied).ToArray();
        if (applied.Length > 0)
        {
            await InsertAsync(connection, transaction, applied, MeterReadingStore.Stored(at), runId, reference, cancellationToken).ConfigureAwait(false);
            await SaveAccountsAsync(connection, transaction, book, applied, holderOf, cancellationToken).ConfigureAwait(false);
        }

        return new LedgerAppend(outcomes, Written: true);
    }

    private static async Task RestoreAccountsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerBook book, LedgerAccount[] accounts, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT account, balance, pending_out FROM ledger_accounts WHERE account = ANY(@accounts)", connection, transaction);
        command.Parameters.AddWithValue("accounts", accounts.Select(a => a.ToString()).ToArray());
        var byName = accounts.ToDictionary(a => a.ToString(), StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            book.Restore(byName[reader.GetString(0)], reader.GetDecimal(1), reader.GetDecimal(2));
        }
    }

    private static async Task RestoreTransfersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerBook book, IReadOnlyList<Transfer> transfers, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {StoredTransfer.TransferColumns}, status FROM ledger_transfers WHERE transfer_id = ANY(@ids)",
            connection, transaction);
        command.Parameters.AddWithValue("ids", transfers.Select(t => t.TransferId).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = Enum.Parse<TransferStatus>(reader.GetString(6));
            book.Restore(StoredTransfer.ReadTransfer(reader), status, held: status != TransferStatus.Posted);
        }
    }

    private static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Transfer[] applied, DateTimeOffset at, long? runId, string? reference,
        CancellationToken cancellationToken)
    {
        var (position, prevHash) = await HeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var positions = new long[applied.Length];
        var prevHashes = new byte[applied.Length][];
        var hashes = new byte[applied.Length][];
        for (var i = 0; i < applied.Length; i++)
        {
            positions[i] = ++position;
            prevHashes[i] = prevHash;
            hashes[i] = prevHash = TransferHasher.Hash(prevHash, applied[i], TransferStatus.Posted, at);
        }

        // Binary COPY: a settlement run appends tens of thousands of transfers, and COPY spares both sides the arrays.
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY ledger_transfers (position, transfer_id, kind, debit_account, credit_account, amount, allocation_id, status, at, run_id, reference,
                                   prev_hash, hash) FROM STDIN (FORMAT BINARY)
            """, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < applied.Length; i++)
        {
            var transfer = applied[i];
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(positions[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(transfer.TransferId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(transfer.Kind.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(transfer.From.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(transfer.To.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(transfer.Amount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            await WriteNullableAsync(writer, transfer.AllocationId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(nameof(TransferStatus.Posted), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            await WriteNullableAsync(writer, runId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await WriteNullableAsync(writer, reference, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(prevHashes[i], NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(hashes[i], NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);

    private static async Task<(long Position, byte[] Hash)> HeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT position, hash FROM ledger_transfers ORDER BY position DESC LIMIT 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : (0, TransferHasher.Genesis.ToArray());
    }

    private static async Task SaveAccountsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerBook book, Transfer[] applied, Func<LedgerAccount, string> holderOf,
        CancellationToken cancellationToken)
    {
        var touched = applied.SelectMany(t => (LedgerAccount[])[t.From, t.To]).Distinct().ToArray();
        await using var command = new NpgsqlCommand("""
            INSERT INTO ledger_accounts (account, holder, kind, balance, pending_out)
            SELECT * FROM unnest(@accounts, @holders, @kinds, @balances, @pending)
            ON CONFLICT (account) DO UPDATE SET balance = excluded.balance, pending_out = excluded.pending_out
            """, connection, transaction);
        command.Parameters.AddWithValue("accounts", touched.Select(a => a.ToString()).ToArray());
        command.Parameters.AddWithValue("holders", touched.Select(holderOf).ToArray());
        command.Parameters.AddWithValue("kinds", touched.Select(a => a.Kind.ToString()).ToArray());
        command.Parameters.AddWithValue("balances", touched.Select(book.Balance).ToArray());
        command.Parameters.AddWithValue("pending", touched.Select(book.PendingOut).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
