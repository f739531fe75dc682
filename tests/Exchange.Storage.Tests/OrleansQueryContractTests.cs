using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

/// <summary>The Orleans ADO.NET providers refuse to start without their query rows; these are the keys 10.4.x reads.</summary>
public sealed class OrleansQueryContractTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    public static TheoryData<string> RequiredKeys() =>
    [
        // Clustering
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",

        // Grain storage
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",

        // Reminders
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task Every_query_key_the_providers_read_is_present(string key)
    {
        var db = fixture.Database;

        var count = await db.ScalarAsync<int>($"SELECT count(*) FROM orleansquery WHERE querykey = '{key}' AND length(querytext) > 0");

        Assert.Equal(1, count);
    }
}
