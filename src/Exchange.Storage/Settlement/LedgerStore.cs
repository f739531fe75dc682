using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>What became of a money movement requested through the API, and the transfer as stored (null unless applied or repeated).</summary>
public sealed record LedgerMove(TransferOutcome Outcome, StoredTransfer? Transfer);

/// <summary>
/// Money that operators move (deposits and payouts) and what tenants and regulators read of the ledger. Writes go
/// through <see cref="LedgerWriter"/>, one writer at a time, so their rules are the book's.
/// </summary>
public sealed class LedgerStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Posts one transfer the API asked for; a transfer stored before under its id with the same content is found
    /// again (a retry), with other content it is a conflict and nothing changes. Floors: none but zero for payable and
    /// escrow, and cash, which an operator's transfer never takes from.
    /// </summary>
    public async Task<LedgerMove> MoveAsync(Transfer transfer, string? reference, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var append = await LedgerWriter.PostAsync(connection, transaction, [transfer], at, null, reference,
            account => account.Kind == AccountKind.External ? null : 0m, account => account.Owner, cancellationToken).ConfigureAwait(false);
        var outcome = append.Outcomes[0];
        if (!append.Written)
        {
            return new LedgerMove(outcome, null);
        }

        var stored = await FindAsync(connection, transaction, transfer.TransferId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new LedgerMove(outcome, stored);
    }

    /// <summary>The transfer stored under this id, if any.</summary>
    public async Task<StoredTransfer?> FindAsync(string transferId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, transferId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredTransfer?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string transferId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {StoredTransfer.Columns} FROM ledger_transfers WHERE transfer_id = @id", connection, transaction);
        command.Parameters.AddWithValue("id", transferId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredTransfer.Read(reader) : null;
    }

    /// <summary>What operators deposited for the tenant less what they paid out: the world outside's account, seen from the tenant.</summary>
    public async Task<decimal> NetDepositsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(-sum(balance), 0) FROM ledger_accounts WHERE account = @account");
        command.Parameters.AddWithValue("account", LedgerAccount.External(tenantId).ToString());
        return Exchange.Markets.Money.Normalize((decimal)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    /// <summary>The tenant's money by kind of account: its cash, its allocations' escrow (as buyer) and its payable (as provider).</summary>
    public async Task<IReadOnlyDictionary<AccountKind, decimal>> BalancesAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT kind, sum(balance) FROM ledger_accounts WHERE holder = @tenant GROUP BY kind");
        command.Parameters.AddWithValue("tenant", tenantId);
        var balances = new Dictionary<AccountKind, decimal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            balances[Enum.Parse<AccountKind>(reader.GetString(0))] = Exchange.Markets.Money.Normalize(reader.GetDecimal(1));
        }

        return balances;
    }
}
