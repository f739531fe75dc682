using Exchange.Markets.Settlement;
using Exchange.Storage.Metering;
using Exchange.TestSupport;
using Npgsql;

namespace Exchange.Storage.Tests;

/// <summary>Signed batches and their readings (migration 0025): stored together or not at all, read back as sent.</summary>
public sealed class MeterReadingStoreTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 28, 14, 10, 0, TimeSpan.FromHours(8)).AddTicks(1234567);

    private MeterReadingStore Store => new(fixture.Database.DataSource);

    private Task<(string Cluster, string KeyId)> NewClusterKeyAsync() => MeterKeys.NewClusterKeyAsync(fixture.Database.DataSource);

    private static MeterReading Reading(string allocationId, long sequence, long input, long requests = 10, long meeting = 10) =>
        new(allocationId, sequence, At.AddMinutes(sequence), new MeterCounters(input, input / 4, input / 10, requests, meeting, 1));

    private Task<long> CountAsync(string sql) => fixture.Database.ScalarAsync<long>(sql);

    [Fact]
    public async Task A_batch_and_its_readings_are_stored_together_and_read_back_as_sent()
    {
        var (cluster, key) = await NewClusterKeyAsync();
        var allocation = $"m{Guid.NewGuid():N}.a1";
        byte[] body = [0x7B, 0x00, 0xFF, 0x7D];
        MeterReading[] readings = [Reading(allocation, 2, 200), Reading(allocation, 1, 100)];

        var batch = await Store.AppendAsync(cluster, key, body, "c2lnbmF0dXJl", readings, CancellationToken.None);

        var stored = (await Store.ReadAsync([allocation, "other.a1"], CancellationToken.None))[allocation];
        Assert.Equal([1L, 2L], stored.Select(r => r.Sequence));
        Assert.Equal(readings.OrderBy(r => r.Sequence).Select(r => r with { At = MeterReadingStore.Stored(r.At) }), stored);
        Assert.Equal(body, await fixture.Database.ScalarAsync<byte[]>($"SELECT body FROM meter_batches WHERE batch_id = {batch}"));
        Assert.Equal(2, await CountAsync($"SELECT count(*) FROM meter_readings WHERE batch_id = {batch}"));
    }

    [Fact]
    public async Task A_second_reading_under_a_stored_sequence_refuses_the_whole_batch()
    {
        var (cluster, key) = await NewClusterKeyAsync();
        var allocation = $"m{Guid.NewGuid():N}.a1";
        await Store.AppendAsync(cluster, key, new byte[] { 1 }, "s", [Reading(allocation, 1, 100)], CancellationToken.None);
        var batches = await CountAsync($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{cluster}'");

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            Store.AppendAsync(cluster, key, new byte[] { 2 }, "s", [Reading(allocation, 2, 200), Reading(allocation, 1, 150)], CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal(batches, await CountAsync($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{cluster}'"));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM meter_readings WHERE allocation_id = '{allocation}'"));
    }

    [Fact]
    public async Task Counters_that_cannot_be_are_refused_by_the_database_too()
    {
        var (cluster, key) = await NewClusterKeyAsync();
        var allocation = $"m{Guid.NewGuid():N}.a1";

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            Store.AppendAsync(cluster, key, new byte[] { 1 }, "s", [Reading(allocation, 1, 100, requests: 5, meeting: 6)], CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{cluster}'"));
    }

    [Fact]
    public async Task A_batch_names_a_key_its_cluster_registered()
    {
        var (cluster, _) = await NewClusterKeyAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            Store.AppendAsync(cluster, new string('0', 64), new byte[] { 1 }, "s", [], CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
    }
}
