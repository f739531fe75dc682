using Exchange.Storage.Ledger;

namespace Exchange.Storage.Journal;

/// <summary>The SQL of the market journal, snapshots and allocation ledger.</summary>
internal static class JournalSql
{
    /// <summary>The error a batch raises when a market's journal does not end where the batch expects.</summary>
    public const string JournalEndMismatch = "XJ001";

    /// <summary>The error a batch raises when allocations were matched before the ledger's settled horizon.</summary>
    public const string BehindLedgerHorizon = "XH001";

    /// <summary>The error a batch raises when an order's tenant or cluster epoch is no longer current.</summary>
    public const string StaleReservationEpoch = "XR001";

    // Several markets' batches in one statement, one row each (migration 0022). A market whose journal does not end where
    // its batch expects inserts nothing, so a stale writer is caught even when no one has written the sequences it wants
    // yet: the count check then fails the batch (migration 0014). Two writers passing the check at once want the same
    // first sequence, and the key refuses the second.
    public const string AppendCommands = $"""
        WITH appended AS (
            INSERT INTO market_journal_batches (market_id, first_sequence, last_sequence, commands)
            SELECT b.market_id, b.expected_last + 1, b.last_sequence, b.commands
            FROM unnest(@market_ids, @expected_lasts, @last_sequences, @commands) AS b(market_id, expected_last, last_sequence, commands)
            WHERE coalesce((
                SELECT j.last_sequence FROM market_journal_batches AS j
                WHERE j.market_id = b.market_id ORDER BY j.first_sequence DESC LIMIT 1), 0) = b.expected_last
            RETURNING 1)
        SELECT journal_expect_rows((SELECT count(*) FROM appended), cardinality(@market_ids),
            '{JournalEndMismatch}', 'a market''s journal does not end where its batch expects')
        """;

    // Holds each holder's row until commit, so a new tenant or cluster grain activation's epoch (migration 0015) waits for
    // this batch to commit before it asks markets for their orders; a row being moved to a new epoch is waited for and then
    // no longer matches.
    public const string CheckReservationEpochs = $"""
        SELECT journal_expect_rows(
            (SELECT count(*) FROM (
                SELECT 1 FROM reservation_epochs AS r
                JOIN unnest(@holders, @epochs) AS t(holder, epoch) ON r.holder = t.holder AND r.epoch = t.epoch
                FOR SHARE OF r) AS current),
            cardinality(@holders),
            '{StaleReservationEpoch}', 'an order was admitted by a tenant or cluster grain activation that has been replaced')
        """;

    // Pairs already there (another batch, an earlier activation of the market) are left alone (migration 0016).
    public const string RecordHolderMarkets = """
        INSERT INTO holder_markets (holder, market_id)
        SELECT * FROM unnest(@holders, @holder_markets)
        ON CONFLICT (holder, market_id) DO NOTHING
        """;

    // The ledger's gate (migration 0019): writers pass it together, the horizon moves with it closed. Sent before the
    // allocations in the same transaction, so that statement runs inside the gate and sees the horizon as it stands while
    // this transaction can still commit.
    public const string EnterLedgerGate = "SELECT enter_ledger_gate()";

    // Rows matched before the settled horizon are left out, and the count check then fails the batch.
    public const string AppendAllocations = $"""
        WITH appended AS (
            INSERT INTO allocations (
                market_id, sequence, allocation_id, journal_sequence, model, period_start, period_end,
                buyer_id, buyer_jurisdiction, buy_order_id, provider_id, cluster_id, region, sell_order_id,
                quantity, price_micros, notional, matched_at, prev_hash, hash, parent_allocation_id)
            SELECT t.*
            FROM unnest(
                @market_id, @sequence, @allocation_id, @journal_sequence, @model, @period_start, @period_end,
                @buyer_id, @buyer_jurisdiction, @buy_order_id, @provider_id, @cluster_id, @region, @sell_order_id,
                @quantity, @price_micros, @notional, @matched_at, @prev_hash, @hash, @parent_allocation_id)
                AS t(market_id, sequence, allocation_id, journal_sequence, model, period_start, period_end,
                     buyer_id, buyer_jurisdiction, buy_order_id, provider_id, cluster_id, region, sell_order_id,
                     quantity, price_micros, notional, matched_at, prev_hash, hash, parent_allocation_id)
            WHERE t.matched_at >= (SELECT h.settled_before FROM ledger_horizon AS h)
            RETURNING 1)
        SELECT journal_expect_rows((SELECT count(*) FROM appended), cardinality(@sequence),
            '{BehindLedgerHorizon}', 'allocations were matched before the ledger''s settled horizon')
        """;

    // Waits for the writers in flight, holds off new ones until commit, and never moves the horizon back.
    // Writers hold the lock for one transaction; waiting longer than a few of those stalls the order path for nothing.
    public const string SettleLockTimeout = "SET LOCAL lock_timeout = '100ms'";

    public const string CloseLedgerGate = "LOCK TABLE ledger_gate IN EXCLUSIVE MODE";

    public const string AdvanceHorizon = """
        UPDATE ledger_horizon SET settled_before = greatest(settled_before, clock_timestamp() - @bound)
        RETURNING settled_before, clock_timestamp()
        """;

    public const string ReadHorizon = "SELECT settled_before FROM ledger_horizon";

    public const string ReadHorizonAndClock = "SELECT settled_before, clock_timestamp() FROM ledger_horizon";

    // The row holding the command: the last one starting at or before it.
    public const string ReadCommand = """
        SELECT first_sequence, last_sequence, commands
        FROM market_journal_batches
        WHERE market_id = @market_id AND first_sequence <= @sequence
        ORDER BY first_sequence DESC
        LIMIT 1
        """;

    // From the row holding the command after @after on; the reader skips that row's commands up to @after.
    public const string ReadCommands = """
        SELECT first_sequence, last_sequence, commands
        FROM market_journal_batches
        WHERE market_id = @market_id
          AND first_sequence >= coalesce((
              SELECT max(h.first_sequence) FROM market_journal_batches AS h
              WHERE h.market_id = @market_id AND h.first_sequence <= @after + 1), 1)
        ORDER BY first_sequence
        """;

    public const string ReadAllocations = $"""
        SELECT {AllocationQueries.Columns}
        FROM allocations
        WHERE market_id = @market_id AND sequence > @after
        ORDER BY sequence
        """;

    public const string HasJournal = """
        SELECT EXISTS (SELECT 1 FROM market_journal_batches WHERE market_id = @market_id)
        """;

    public const string ReadHead = """
        SELECT
            coalesce((
                SELECT last_sequence FROM market_journal_batches
                WHERE market_id = @market_id ORDER BY first_sequence DESC LIMIT 1), 0),
            a.sequence,
            a.hash
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
            SELECT sequence, hash FROM allocations WHERE market_id = @market_id ORDER BY sequence DESC LIMIT 1
        ) AS a ON true
        """;

    public const string SaveSnapshot = """
        INSERT INTO market_snapshots (market_id, sequence, state)
        VALUES (@market_id, @sequence, @state)
        ON CONFLICT (market_id, sequence) DO NOTHING
        """;

    public const string LoadLatestSnapshot = """
        SELECT sequence, state
        FROM market_snapshots
        WHERE market_id = @market_id
        ORDER BY sequence DESC
        LIMIT 1
        """;

    public const string LoadSnapshotBefore = """
        SELECT sequence, state
        FROM market_snapshots
        WHERE market_id = @market_id AND sequence < @before
        ORDER BY sequence DESC
        LIMIT 1
        """;
}
