using System.Runtime.CompilerServices;
using Exchange.Markets;
using Exchange.Storage.Ledger;
using Exchange.Storage.Reservations;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Storage.Journal;

/// <summary>Appends and reads a market's journal, its allocations and its snapshots.</summary>
public sealed class MarketJournalStore(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";

    /// <summary>
    /// Appends commands and the allocations they produced in one transaction: all become durable together or not at all.
    /// Fails with <see cref="JournalConflictException"/> when the journal does not end at
    /// <paramref name="expectedLastSequence"/> (another writer got there first).
    /// </summary>
    public Task AppendAsync(
        string marketId,
        long expectedLastSequence,
        IReadOnlyList<JournalEntry> commands,
        IReadOnlyList<AllocationRecord> allocations,
        CancellationToken cancellationToken) =>
        AppendAsync([new MarketBatch(marketId, expectedLastSequence, commands, allocations)], cancellationToken);

    /// <summary>
    /// Appends the batches of several markets in one transaction, all or nothing, in one round trip however many
    /// markets take part. Fails with <see cref="JournalConflictException"/> when any market's journal does not end
    /// where its batch expects, with <see cref="LedgerHorizonPassedException"/> when allocations are too late, and with
    /// <see cref="StaleReservationException"/> when an order's tenant or cluster epoch is no longer current.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<MarketBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var journaled = batches.Where(b => b.Commands.Count > 0).ToList();
        if (journaled.Count == 0)
        {
            return;
        }

        foreach (var batch in journaled)
        {
            CheckDense(batch.ExpectedLastSequence, batch.Commands);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // No explicit transaction: the statements share the implicit one of the batch's single Sync, which the server
        // commits (durably, before it answers) when the last succeeds, and rolls back whole when any fails. One round
        // trip, where BEGIN ... COMMIT took two; the row-count checks are made by the statements themselves.
        await using var statements = new NpgsqlBatch(connection);
        var append = new NpgsqlBatchCommand(JournalSql.AppendCommands);
        append.Parameters.AddWithValue("market_ids", journaled.Select(b => b.MarketId).ToArray());
        append.Parameters.AddWithValue("expected_lasts", journaled.Select(b => b.ExpectedLastSequence).ToArray());
        append.Parameters.AddWithValue("last_sequences", journaled.Select(b => b.Commands[^1].Sequence).ToArray());
        append.Parameters.AddWithValue("commands", NpgsqlDbType.Array | NpgsqlDbType.Bytea, journaled.Select(b => JournalBatchCodec.Encode(b.Commands)).ToArray());
        statements.BatchCommands.Add(append);
        var epochs = batches.SelectMany(b => b.HolderEpochs ?? []).Distinct().ToList();
        if (epochs.Count > 0)
        {
            var check = new NpgsqlBatchCommand(JournalSql.CheckReservationEpochs);
            check.Parameters.AddWithValue("holders", epochs.Select(e => e.Holder).ToArray());
            check.Parameters.AddWithValue("epochs", epochs.Select(e => e.Epoch).ToArray());
            statements.BatchCommands.Add(check);
        }

        var holders = batches.SelectMany(b => (b.NewHolders ?? []).Select(h => (Holder: h, b.MarketId))).ToList();
        if (holders.Count > 0)
        {
            var record = new NpgsqlBatchCommand(JournalSql.RecordHolderMarkets);
            record.Parameters.AddWithValue("holders", holders.Select(h => h.Holder).ToArray());
            record.Parameters.AddWithValue("holder_markets", holders.Select(h => h.MarketId).ToArray());
            statements.BatchCommands.Add(record);
        }

        var allocations = batches.SelectMany(b => b.Allocations).ToList();
        if (allocations.Count > 0)
        {
            statements.BatchCommands.Add(new NpgsqlBatchCommand(JournalSql.EnterLedgerGate));
            var ledger = new NpgsqlBatchCommand(JournalSql.AppendAllocations);
            AddAllocationParameters(ledger.Parameters, allocations);
            statements.BatchCommands.Add(ledger);
        }

        try
        {
            await statements.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == JournalSql.JournalEndMismatch)
        {
            throw new JournalConflictException($"A market's journal does not end where its batch expects ({Describe(batches)}).", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == JournalSql.BehindLedgerHorizon)
        {
            throw new LedgerHorizonPassedException(
                $"Allocations matched at {allocations.Min(a => a.MatchedAt):O} are behind the ledger's settled horizon ({Describe(batches)}).", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == JournalSql.StaleReservationEpoch)
        {
            throw new StaleReservationException(
                $"An order was admitted under a tenant or cluster epoch that is no longer current ({string.Join(", ", epochs)}; {Describe(batches)}).", ex);
        }
        catch (PostgresException ex) when (IsFencing(ex))
        {
            throw new JournalConflictException($"A market's journal already holds sequences this batch wants ({Describe(batches)}).", ex);
        }
    }

    private static string Describe(IReadOnlyList<MarketBatch> batches) =>
        string.Join(", ", batches.Select(b => $"{b.MarketId} after {b.ExpectedLastSequence}"));

    // Another writer's rows. The journal statement runs first, so a stale writer is refused there: by the end check
    // (XJ001) or, when two writers pass it at once, by pk_market_journal_batches. The ledger's keys would catch the
    // same conflict were the statements ever reordered.
    private static bool IsFencing(PostgresException ex) =>
        ex.SqlState == UniqueViolation && ex.ConstraintName is "pk_market_journal_batches" or "pk_allocations";

    /// <summary>The command journaled at <paramref name="sequence"/>, encoded, or null when there is none.</summary>
    public async Task<byte[]?> ReadCommandAsync(string marketId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.ReadCommand);
        command.Parameters.AddWithValue("market_id", marketId);
        command.Parameters.AddWithValue("sequence", sequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.GetInt64(1) < sequence)
        {
            return null;
        }

        return JournalBatchCodec.Decode(reader.GetInt64(0), reader.GetFieldValue<byte[]>(2), reader.GetInt64(1))
            .First(entry => entry.Sequence == sequence).Command;
    }

    /// <summary>Streams the journaled commands after <paramref name="afterSequence"/>, in order.</summary>
    public async IAsyncEnumerable<JournalEntry> ReadAsync(
        string marketId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.ReadCommands);
        command.Parameters.AddWithValue("market_id", marketId);
        command.Parameters.AddWithValue("after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var entry in JournalBatchCodec.Decode(reader.GetInt64(0), reader.GetFieldValue<byte[]>(2), reader.GetInt64(1)))
            {
                if (entry.Sequence > afterSequence)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>Streams the market's allocations after <paramref name="afterSequence"/>, in chain order.</summary>
    public async IAsyncEnumerable<AllocationRecord> ReadAllocationsAsync(
        string marketId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.ReadAllocations);
        command.Parameters.AddWithValue("market_id", marketId);
        command.Parameters.AddWithValue("after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return AllocationQueries.Map(reader);
        }
    }

    /// <summary>Whether the market has journaled any command.</summary>
    public async Task<bool> HasJournalAsync(string marketId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.HasJournal);
        command.Parameters.AddWithValue("market_id", marketId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Where the market's durable history ends; an empty market has sequence 0 and the genesis hash.</summary>
    public async Task<ChainHead> ReadHeadAsync(string marketId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.ReadHead);
        command.Parameters.AddWithValue("market_id", marketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ChainHead(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
            reader.IsDBNull(2) ? AllocationHasher.Genesis.ToArray() : reader.GetFieldValue<byte[]>(2));
    }

    /// <summary>Stores a snapshot; storing the same sequence twice keeps the first.</summary>
    public async Task SaveSnapshotAsync(string marketId, MarketSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await using var command = dataSource.CreateCommand(JournalSql.SaveSnapshot);
        command.Parameters.AddWithValue("market_id", marketId);
        command.Parameters.AddWithValue("sequence", snapshot.Sequence);
        command.Parameters.AddWithValue("state", snapshot.State);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest snapshot of the market, or null when it has none.</summary>
    public async Task<MarketSnapshot?> LoadLatestSnapshotAsync(string marketId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.LoadLatestSnapshot);
        command.Parameters.AddWithValue("market_id", marketId);
        return await ReadSnapshotAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The latest snapshot taken before command <paramref name="beforeSequence"/>, or null: where a replay that must see that command starts.</summary>
    public async Task<MarketSnapshot?> LoadSnapshotBeforeAsync(string marketId, long beforeSequence, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.LoadSnapshotBefore);
        command.Parameters.AddWithValue("market_id", marketId);
        command.Parameters.AddWithValue("before", beforeSequence);
        return await ReadSnapshotAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<MarketSnapshot?> ReadSnapshotAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new MarketSnapshot(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : null;
    }

    private static void CheckDense(long expectedLastSequence, IReadOnlyList<JournalEntry> commands)
    {
        for (var i = 0; i < commands.Count; i++)
        {
            if (commands[i].Sequence != expectedLastSequence + 1 + i)
            {
                throw new ArgumentException(
                    $"Commands must continue densely from {expectedLastSequence}; entry {i} has sequence {commands[i].Sequence}.",
                    nameof(commands));
            }
        }
    }

    private static void AddAllocationParameters(NpgsqlParameterCollection parameters, IReadOnlyList<AllocationRecord> a)
    {
        parameters.AddWithValue("market_id", a.Select(x => x.MarketId).ToArray());
        parameters.AddWithValue("sequence", a.Select(x => x.Sequence).ToArray());
        parameters.AddWithValue("allocation_id", a.Select(x => x.AllocationId).ToArray());
        parameters.AddWithValue("journal_sequence", a.Select(x => x.JournalSequence).ToArray());
        parameters.AddWithValue("model", a.Select(x => x.Model).ToArray());
        parameters.AddWithValue("period_start", a.Select(x => x.PeriodStart.UtcDateTime).ToArray());
        parameters.AddWithValue("period_end", a.Select(x => x.PeriodEnd.UtcDateTime).ToArray());
        parameters.AddWithValue("buyer_id", a.Select(x => x.BuyerId).ToArray());
        parameters.AddWithValue("buyer_jurisdiction", a.Select(x => x.BuyerJurisdiction).ToArray());
        parameters.AddWithValue("buy_order_id", a.Select(x => x.BuyOrderId).ToArray());
        parameters.AddWithValue("provider_id", a.Select(x => x.ProviderId).ToArray());
        parameters.AddWithValue("cluster_id", a.Select(x => x.ClusterId).ToArray());
        parameters.AddWithValue("region", a.Select(x => x.Region).ToArray());
        parameters.AddWithValue("sell_order_id", a.Select(x => x.SellOrderId).ToArray());
        parameters.AddWithValue("quantity", a.Select(x => x.Quantity).ToArray());
        parameters.AddWithValue("price_micros", a.Select(x => x.PriceMicros).ToArray());
        parameters.AddWithValue("notional", a.Select(x => x.Notional).ToArray());
        parameters.AddWithValue("matched_at", a.Select(x => x.MatchedAt.UtcDateTime).ToArray());
        parameters.AddWithValue("prev_hash", NpgsqlDbType.Array | NpgsqlDbType.Bytea, a.Select(x => x.PrevHash).ToArray());
        parameters.AddWithValue("hash", NpgsqlDbType.Array | NpgsqlDbType.Bytea, a.Select(x => x.Hash).ToArray());
        parameters.AddWithValue("parent_allocation_id", NpgsqlDbType.Array | NpgsqlDbType.Text, a.Select(x => x.ParentAllocationId).ToArray());
    }
}
