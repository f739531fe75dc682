using Exchange.Markets;
using Exchange.Markets.Clusters;
using Exchange.Markets.Settlement;
using Exchange.Storage.Clusters;
using Exchange.Storage.Metering;
using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

/// <summary>The journal of cluster health (migration 0029) and the meter fence a failure puts up.</summary>
public sealed class ClusterHealthStoreTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private ClusterHealthStore Health => new(fixture.Database.DataSource);

    private MeterReadingStore Readings => new(fixture.Database.DataSource);

    private Task<(string Cluster, string KeyId)> NewClusterKeyAsync() => MeterKeys.NewClusterKeyAsync(fixture.Database.DataSource);

    private static HealthChange Change(long sequence, ClusterStatus status) =>
        new(sequence, At.AddSeconds(sequence), status, status == ClusterStatus.Failed ? HealthCause.Declared : HealthCause.Silent, "why", null);

    private Task<ReadingVerdict> SubmitAsync(string cluster, string keyId) =>
        Readings.SubmitAsync(
            new MeterSubmission(cluster, keyId, new byte[] { 1, 2, 3 }, "c2ln",
                [new MeterReading("chat-70b.20261207T1000.a1", 1, At, new MeterCounters(1, 0, 0, 1, 1, 0))]),
            _ => null, At, TimeSpan.FromMinutes(15), CancellationToken.None);

    [Fact]
    public async Task Changes_are_journaled_in_order_a_taken_sequence_is_refused_and_nothing_follows_a_failure()
    {
        var cluster = $"gd-{Guid.NewGuid():N}";

        Assert.True(await Health.AppendAsync(cluster, Change(1, ClusterStatus.Suspect), CancellationToken.None));
        Assert.False(await Health.AppendAsync(cluster, Change(1, ClusterStatus.Online), CancellationToken.None));
        Assert.True(await Health.AppendAsync(cluster, Change(2, ClusterStatus.Failed), CancellationToken.None));
        Assert.False(await Health.AppendAsync(cluster, Change(3, ClusterStatus.Online), CancellationToken.None));

        Assert.Equal([ClusterStatus.Failed, ClusterStatus.Suspect], (await Health.RecentAsync(cluster, 20, CancellationToken.None)).Select(c => c.Status));
        Assert.Equal([ClusterStatus.Failed], (await Health.RecentAsync(cluster, 1, CancellationToken.None)).Select(c => c.Status));
    }

    [Fact]
    public async Task After_a_failure_a_batch_is_refused_whole_stores_no_reading_and_is_kept_as_evidence()
    {
        var (cluster, keyId) = await NewClusterKeyAsync();
        await Health.AppendAsync(cluster, Change(1, ClusterStatus.Failed), CancellationToken.None);

        var verdict = await SubmitAsync(cluster, keyId);

        Assert.Equal((RejectCode.ClusterFailed, 0), (verdict.Refusal!.Code, verdict.Accepted.Count));
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{cluster}'"));
        Assert.Equal(new byte[] { 1, 2, 3 }, await fixture.Database.ScalarAsync<byte[]>($"SELECT body FROM meter_refused_batches WHERE cluster_id = '{cluster}'"));
    }

    [Fact]
    public async Task A_failure_waits_for_the_batch_holding_the_meter_lock_so_that_batch_is_the_last_one_accepted()
    {
        var (cluster, keyId) = await NewClusterKeyAsync();
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using (var batch = await connection.BeginTransactionAsync())
        {
            Assert.False(await MeterReadingStore.LockClusterAsync(connection, batch, cluster, CancellationToken.None));
            await using var insert = new Npgsql.NpgsqlCommand(
                $"INSERT INTO meter_batches (cluster_id, key_id, body, signature) VALUES ('{cluster}', '{keyId}', '\\x01', 's')", connection, batch);
            await insert.ExecuteNonQueryAsync();

            var failing = Health.AppendAsync(cluster, Change(1, ClusterStatus.Failed), CancellationToken.None);
            await Task.Delay(500);
            Assert.False(failing.IsCompleted);

            await batch.CommitAsync();
            Assert.True(await failing);
        }

        Assert.Equal(RejectCode.ClusterFailed, (await SubmitAsync(cluster, keyId)).Refusal!.Code);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{cluster}'"));
    }

    [Fact]
    public async Task A_batch_that_waited_for_the_meter_lock_while_the_cluster_failed_sees_the_failure_and_is_refused()
    {
        var (cluster, keyId) = await NewClusterKeyAsync();
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var failure = await connection.BeginTransactionAsync();
        Assert.False(await MeterReadingStore.LockClusterAsync(connection, failure, cluster, CancellationToken.None));
        await using (var insert = new Npgsql.NpgsqlCommand(
            $"INSERT INTO cluster_health (cluster_id, sequence, at, status, cause) VALUES ('{cluster}', 1, now(), 'Failed', 'Declared')", connection, failure))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var submitting = SubmitAsync(cluster, keyId);
        await Task.Delay(500);
        Assert.False(submitting.IsCompleted);

        await failure.CommitAsync();
        Assert.Equal(RejectCode.ClusterFailed, (await submitting).Refusal!.Code);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{cluster}'"));
    }

    [Fact]
    public async Task The_newest_accepted_batch_says_when_a_cluster_was_last_heard_from()
    {
        var (cluster, keyId) = await NewClusterKeyAsync();
        Assert.Null(await Health.LastReadingAsync(cluster, CancellationToken.None));

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await Readings.AppendAsync(cluster, keyId, new byte[] { 1 }, "s", [], CancellationToken.None);

        var heard = await Health.LastReadingAsync(cluster, CancellationToken.None);
        Assert.InRange(heard!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }
}
