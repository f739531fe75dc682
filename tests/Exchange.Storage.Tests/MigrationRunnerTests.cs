using Exchange.Storage.Migrations;
using Exchange.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Storage.Tests;

public sealed class MigrationRunnerTests
{
    private static MigrationRunner Runner(TestDatabase db) => new(db.DataSource, NullLogger<MigrationRunner>.Instance);

    [Fact]
    public async Task Every_migration_is_applied_once_and_a_rerun_applies_nothing()
    {
        await using var db = await TestDatabase.CreateAsync("migrate-once", migrate: false);

        var first = await Runner(db).ApplyAsync(CancellationToken.None);
        var second = await Runner(db).ApplyAsync(CancellationToken.None);

        Assert.Equal(MigrationCatalog.All.Count, first);
        Assert.Equal(0, second);
        Assert.Equal(MigrationCatalog.All.Count, await db.ScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(MigrationCatalog.All[^1].Version, await db.ScalarAsync<int>("SELECT max(version) FROM schema_migrations"));
    }

    [Fact]
    public async Task Silos_starting_together_apply_each_migration_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync("migrate-race", migrate: false);

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Runner(db).ApplyAsync(CancellationToken.None)));

        Assert.Equal(MigrationCatalog.All.Count, counts.Sum());
        Assert.Equal(MigrationCatalog.All.Count, await db.ScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded_while_earlier_ones_stay()
    {
        await using var db = await TestDatabase.CreateAsync("migrate-fail", migrate: false);
        Migration[] migrations =
        [
            new(1, "0001_good", "CREATE TABLE good_table (id int)"),
            new(2, "0002_bad", "CREATE TABLE half_done (id int); SELECT no_such_column FROM good_table"),
        ];

        await Assert.ThrowsAsync<PostgresException>(() => Runner(db).ApplyAsync(migrations, CancellationToken.None));

        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'good_table'"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"));
    }

    [Fact]
    public void Embedded_migrations_are_numbered_without_gaps_from_one()
    {
        var versions = MigrationCatalog.All.Select(m => m.Version).ToArray();

        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Length), versions);
    }
}
