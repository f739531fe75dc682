using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;
using Orleans.Core.Internal;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

[Collection(PostgresClusterCollection.Name)]
public sealed class MarketGrainTests(PostgresClusterFixture fixture)
{

    private IMarketGrain Market(string id) => fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(id);

    private MarketJournalStore Journal => new(fixture.Database.DataSource);

    private static async Task Reactivate(IMarketGrain market) =>
        await market.Cast<IGrainManagementExtension>().DeactivateOnIdle();

    [Fact]
    public async Task An_acknowledged_order_is_already_in_the_journal()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();

        var result = await Market(id).Place(Bid("b-de", "b1", 0.40m, 5_000));

        Assert.NotNull(result.Order);
        Assert.Equal(OrderStatus.Open, result.Order.Status);
        var journal = await Journal.ReadAsync(id, 0, CancellationToken.None).ToListAsync();
        var place = Assert.IsType<PlaceCommand>(MarketCommandCodec.Decode(Assert.Single(journal).Command));
        Assert.Equal("b1", place.Request.ClientOrderId);
    }

    [Fact]
    public async Task Crossing_orders_land_in_the_ledger_with_an_unbroken_hash_chain()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        await market.Place(Ask("p-hn", "a1", 0.40m, 3_000, cluster: "hn-1"));
        await market.Place(Ask("p-gd", "a2", 0.41m, 3_000, cluster: "gd-1", region: "guangdong"));

        var bid = await market.Place(Bid("b-sg", "b1", 0.45m, 5_000, jurisdiction: "SG"));

        Assert.Equal(OrderStatus.Filled, bid.Order!.Status);
        var rows = await Journal.ReadAllocationsAsync(id, 0, CancellationToken.None).ToListAsync();
        Assert.Equal([3_000L, 2_000L], rows.Select(r => r.Quantity));
        Assert.Equal(["hn-1", "gd-1"], rows.Select(r => r.ClusterId));
        Assert.Equal(bid.Order.AllocationIds, rows.Select(r => r.AllocationId));
        var prev = AllocationHasher.Genesis.ToArray();
        foreach (var row in rows)
        {
            Assert.Equal(AllocationHasher.Hash(prev, row), row.Hash);
            prev = row.Hash;
        }
    }

    [Fact]
    public async Task Repeating_a_client_order_id_returns_the_first_outcome_and_journals_nothing()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var first = await market.Place(Bid("b-de", "b1", 0.40m, 5_000));

        var again = await market.Place(Bid("b-de", "b1", 0.40m, 5_000));
        var changed = await market.Place(Bid("b-de", "b1", 0.41m, 5_000));

        Assert.True(again.Repeated);
        Assert.Equal(first.Order!.OrderId, again.Order!.OrderId);
        Assert.Equal(RejectCode.DuplicateClientOrderId, changed.RejectReason);
        Assert.Single(await Journal.ReadAsync(id, 0, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Another_tenants_order_cannot_be_read_or_cancelled()
    {
        ManualClock.Shared.Set(Start);
        var market = Market(NewMarketId());
        var order = (await market.Place(Bid("b-de", "b1", 0.40m, 5_000))).Order!;

        Assert.Null(await market.GetOrder("b-us", order.OrderId));
        Assert.Equal(RejectCode.UnknownOrder, (await market.Cancel("b-us", order.OrderId)).RejectReason);
        Assert.Equal(OrderStatus.Open, (await market.GetOrder("b-de", order.OrderId))!.Status);
    }

    [Fact]
    public async Task A_reactivated_market_recovers_from_snapshot_and_journal_and_continues_the_chain()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        for (var i = 0; i < 7; i++)
        {
            await market.Place(Ask("p-hn", $"a{i}", 0.40m + (i * 0.01m), 2_000));
        }

        var partial = await market.Place(Bid("b-de", "b1", 0.41m, 5_000));
        var before = await market.GetBook(10);

        await Reactivate(market);
        var after = await market.GetBook(10);
        var sweep = await market.Place(Bid("b-us", "b2", 0.50m, 6_000));

        Assert.NotNull(await Journal.LoadLatestSnapshotAsync(id, CancellationToken.None));
        Assert.Equal(before.ToString(), after.ToString(), StringComparer.Ordinal);
        Assert.Equal(partial.Order!.ToString(), (await market.GetOrder("b-de", partial.Order.OrderId))!.ToString());
        Assert.Equal(OrderStatus.Filled, sweep.Order!.Status);
        var rows = await Journal.ReadAllocationsAsync(id, 0, CancellationToken.None).ToListAsync();
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.Equal(rows[i - 1].Hash, rows[i].PrevHash);
        }
    }

    [Fact]
    public async Task A_market_fenced_off_by_another_writer_refuses_and_recovers_what_that_writer_journaled()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        await market.Place(Bid("b-de", "b1", 0.40m, 5_000));

        // Another activation (say, on a partitioned silo) appended command 2 behind this one's back.
        var foreign = new PlaceCommand(Start.ToUnixTimeMilliseconds(), Bid("b-us", "x1", 0.39m, 1_000));
        await Journal.AppendAsync(id, 1, [new JournalEntry(2, MarketCommandCodec.Encode(foreign))], [], CancellationToken.None);

        await Assert.ThrowsAsync<ExchangeUnavailableException>(() => market.Place(Bid("b-de", "b2", 0.40m, 1_000)));

        var retry = await market.Place(Bid("b-de", "b2", 0.40m, 1_000));
        Assert.NotNull(retry.Order);
        Assert.Equal(OrderIds.Format(id, 3), retry.Order.OrderId);
        Assert.NotNull(await market.GetOrder("b-us", OrderIds.Format(id, 2)));
    }

    [Fact]
    public async Task Orders_after_gate_closure_are_refused_and_resting_ones_expire()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId(hoursAhead: 1);
        var market = Market(id);
        var resting = (await market.Place(Bid("b-de", "b1", 0.40m, 5_000))).Order!;

        ManualClock.Shared.Set(Start.AddHours(1));
        var late = await market.Place(Bid("b-de", "b2", 0.40m, 5_000));

        Assert.Equal(RejectCode.MarketClosed, late.RejectReason);
        Assert.Equal(OrderStatus.Expired, (await market.GetOrder("b-de", resting.OrderId))!.Status);
    }

    [Fact]
    public async Task A_market_tells_each_tenant_and_cluster_what_it_holds_of_theirs_and_when_it_will_hold_nothing_more()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId(hoursAhead: 1);
        var market = Market(id);
        var resting = (await market.Place(Ask("p-hn", "a1", 0.40m, 3_000))).Order!;
        await market.Place(Bid("b-de", "b1", 0.40m, 1_000));
        await market.Place(Bid("b-us", "b2", 0.30m, 1_000));

        var ofBuyer = await market.HoldingsOf("b-us");
        var ofCluster = await market.SellsOf("hn-1");

        Assert.False(ofBuyer.Done);
        Assert.Equal(["b2"], ofBuyer.Orders.Select(o => o.ClientOrderId));
        Assert.Equal([(resting.OrderId, 1_000L, 2_000L)], ofCluster.Orders.Select(o => (o.OrderId, o.FilledQuantity, o.RemainingQuantity)));
        Assert.Empty((await market.SellsOf("gd-1")).Orders);

        ManualClock.Shared.Set(Start.AddHours(1));
        await market.Close();

        // Done once the expired orders have gone to the order store.
        await Eventually.HoldsAsync("the closed market to hold nothing of theirs", TimeSpan.FromSeconds(10), async () =>
            (await market.HoldingsOf("b-us")).Done && (await market.SellsOf("hn-1")).Done, TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task A_tenants_and_a_clusters_first_order_in_a_market_records_the_market_for_them_and_a_refused_order_records_nothing()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var refused = await market.Place(Bid("b-refused", "b1", 0.40m, 1_001));

        await market.Place(Ask("p-hn", "a1", 0.40m, 3_000));
        await market.Place(Ask("p-hn", "a2", 0.40m, 3_000));
        await market.Place(Bid("b-de", "b1", 0.40m, 1_000));

        Assert.Equal(RejectCode.InvalidLotSize, refused.RejectReason);
        Assert.Equal("cluster:hn-1:1 tenant:b-de:1 tenant:p-hn:1", await fixture.Database.ScalarAsync<string>(
            $"SELECT string_agg(holder || ':' || n, ' ' ORDER BY holder) FROM (SELECT holder, count(*) n FROM holder_markets WHERE market_id = '{id}' GROUP BY holder) h"));
    }

    [Fact]
    public async Task The_gate_closure_reminder_closes_a_quiet_market()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId(hoursAhead: 1);
        var market = Market(id);

        // Two seconds of business time before closure, so the stored reminder fires two real seconds later.
        ManualClock.Shared.Set(Start.AddHours(1).AddSeconds(-2));
        var resting = (await market.Place(Bid("b-de", "b1", 0.40m, 5_000))).Order!;

        await Eventually.HoldsAsync("the gate-closure reminder to expire the resting order", TimeSpan.FromSeconds(60), async () =>
            (await market.GetOrder("b-de", resting.OrderId))!.Status == OrderStatus.Expired);
        var journal = await Journal.ReadAsync(id, 0, CancellationToken.None).ToListAsync();
        Assert.IsType<CloseCommand>(MarketCommandCodec.Decode(journal[^1].Command));
    }

    [Fact]
    public async Task Finished_orders_reach_the_order_store_in_their_final_state_and_open_ones_stay_in_their_market()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var ask = (await market.Place(Ask("p-hn", $"a-{id}", 0.40m, 3_000))).Order!;
        var bid = (await market.Place(Bid("b-de", $"b-{id}", 0.45m, 5_000))).Order!;

        await StoredOrdersAre(id, [(ask.OrderId, 3_000L, 0L, (short)OrderStatus.Filled, 0.0012m)]);
        Assert.Equal([bid.OrderId], (await market.HoldingsOf("b-de")).Orders.Select(o => o.OrderId));

        await market.Cancel("b-de", bid.OrderId);

        await StoredOrdersAre(id,
            [(ask.OrderId, 3_000L, 0L, (short)OrderStatus.Filled, 0.0012m), (bid.OrderId, 3_000L, 0L, (short)OrderStatus.Cancelled, 0.0012m)]);
        Assert.Empty((await market.HoldingsOf("b-de")).Orders);
    }

    [Fact]
    public async Task A_reactivated_market_stores_the_finished_orders_its_journal_holds_that_the_order_store_lacks()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var ask = (await market.Place(Ask("p-hn", "a1", 0.40m, 3_000))).Order!;
        var bid = (await market.Place(Bid("b-de", "b1", 0.45m, 3_000))).Order!;
        (string, long, long, short, decimal)[] finished =
            [(ask.OrderId, 3_000L, 0L, (short)OrderStatus.Filled, 0.0012m), (bid.OrderId, 3_000L, 0L, (short)OrderStatus.Filled, 0.0012m)];
        await StoredOrdersAre(id, finished);

        // As if the market's silo had died between the bid's journal batch and its storing.
        await fixture.Database.ScalarAsync<long>($"WITH gone AS (DELETE FROM orders WHERE order_id = '{bid.OrderId}' RETURNING 1) SELECT count(*) FROM gone");
        await Reactivate(market);
        await market.GetBook(1);

        await StoredOrdersAre(id, finished);
    }

    [Fact]
    public async Task An_order_finished_by_a_command_that_never_became_durable_is_not_stored_as_finished()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var ask = (await market.Place(Ask("p-hn", "a1", 0.40m, 3_000))).Order!;
        var stale = $"b-{Guid.NewGuid():N}";
        await fixture.Database.ScalarAsync<long>($"INSERT INTO reservation_epochs (holder, epoch) VALUES ('tenant:{stale}', 2) RETURNING epoch");

        // The first bid's batch waits at the ledger's closed gate; meanwhile a second bid, admitted under a replaced epoch,
        // fills the rest of the ask and is queued for the next batch, which is then refused.
        await using var settler = await fixture.Database.DataSource.OpenConnectionAsync();
        await using (var holding = await settler.BeginTransactionAsync())
        {
            await using (var take = new Npgsql.NpgsqlCommand("LOCK TABLE ledger_gate IN EXCLUSIVE MODE", settler))
            {
                await take.ExecuteNonQueryAsync();
            }

            var first = market.Place(Bid("b-de", "b1", 0.40m, 1_000));
            await Eventually.HoldsAsync("the first bid's batch to wait at the ledger's gate", TimeSpan.FromSeconds(10), async () =>
                await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE relation = 'ledger_gate'::regclass AND NOT granted") > 0);
            var second = market.Place(Bid(stale, "b2", 0.40m, 2_000) with { TenantEpoch = 1 });
            await Task.Delay(300);
            await holding.CommitAsync();

            Assert.Equal(OrderStatus.Filled, (await first).Order!.Status);
            await Assert.ThrowsAsync<ExchangeUnavailableException>(() => second);
        }

        await Task.Delay(500);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE order_id = '{ask.OrderId}'"));
        var replayed = (await market.GetOrder("p-hn", ask.OrderId))!;
        Assert.Equal((OrderStatus.PartiallyFilled, 1_000L, 2_000L), (replayed.Status, replayed.FilledQuantity, replayed.RemainingQuantity));
    }

    private Task StoredOrdersAre(string marketId, (string, long, long, short, decimal)[] expected) =>
        Eventually.HoldsAsync($"the order store to hold {expected.Length} orders of {marketId}", TimeSpan.FromSeconds(10), async () =>
        {
            await using var command = fixture.Database.DataSource.CreateCommand(
                "SELECT order_id, filled_quantity, remaining_quantity, status, filled_notional FROM orders WHERE market_id = @m ORDER BY sequence");
            command.Parameters.AddWithValue("m", marketId);
            var rows = new List<(string, long, long, short, decimal)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt16(3), reader.GetDecimal(4)));
            }

            return rows.SequenceEqual(expected);
        }, TimeSpan.FromMilliseconds(20));

    [Fact]
    public async Task A_finished_order_is_still_answered_retried_and_cancelled_from_the_order_store()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var ask = (await market.Place(Ask("p-hn", "a1", 0.40m, 3_000))).Order!;
        var bid = (await market.Place(Bid("b-de", "b1", 0.45m, 3_000))).Order!;
        await Eventually.HoldsAsync("both finished orders to leave the market's memory for the order store", TimeSpan.FromSeconds(10), async () =>
            (await market.HoldingsOf("b-de")).Orders.Count + (await market.HoldingsOf("p-hn")).Orders.Count == 0, TimeSpan.FromMilliseconds(20));

        var read = await market.GetOrder("b-de", bid.OrderId);
        var retry = await market.Place(Bid("b-de", "b1", 0.45m, 3_000));
        var cancel = await market.Cancel("p-hn", ask.OrderId);
        var changed = await market.Place(Bid("b-de", "b1", 0.46m, 3_000));

        Assert.Equal(bid with { AllocationIds = [] }, read! with { AllocationIds = [] });
        Assert.Equal(bid.AllocationIds, read.AllocationIds);
        Assert.True(retry.Repeated);
        Assert.Equal(bid.OrderId, retry.Order!.OrderId);
        Assert.Equal(bid.AllocationIds, retry.Order.AllocationIds);
        Assert.Equal(OrderStatus.Filled, cancel.Order!.Status);
        Assert.Equal(RejectCode.DuplicateClientOrderId, changed.RejectReason);
        Assert.Null(await market.GetOrder("b-us", bid.OrderId));
        Assert.Equal(2, (await Journal.ReadAsync(id, 0, CancellationToken.None).ToListAsync()).Count);
    }

    [Fact]
    public async Task An_unreadable_snapshot_is_skipped_and_the_whole_journal_replayed()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var bid = (await market.Place(Bid("b-de", "b1", 0.40m, 5_000))).Order!;
        await Journal.SaveSnapshotAsync(id, new MarketSnapshot(1, [99, 1, 2, 3]), CancellationToken.None);

        await Reactivate(market);

        Assert.Equal(OrderStatus.Open, (await market.GetOrder("b-de", bid.OrderId))!.Status);
        Assert.NotNull((await market.Place(Bid("b-de", "b2", 0.40m, 1_000))).Order);
    }

    [Fact]
    public async Task A_quiet_market_expires_a_GTD_order_at_its_time()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId();
        var market = Market(id);
        var gtd = (await market.Place(Bid("b-de", "b1", 0.40m, 5_000, tif: OrderTimeInForce.Gtd, expiresAt: Start.AddSeconds(2)))).Order!;

        // No command arrives after the expiry time; the market's own timer must journal a tick.
        ManualClock.Shared.Set(Start.AddSeconds(3));

        await Eventually.HoldsAsync("the GTD order to expire without any further command", TimeSpan.FromSeconds(30), async () =>
            (await market.GetOrder("b-de", gtd.OrderId))!.Status == OrderStatus.Expired);
        var journal = await Journal.ReadAsync(id, 0, CancellationToken.None).ToListAsync();
        Assert.IsType<TickCommand>(MarketCommandCodec.Decode(journal[^1].Command));
    }
}
