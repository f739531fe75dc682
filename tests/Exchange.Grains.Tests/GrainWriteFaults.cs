using Npgsql;

namespace Exchange.Grains.Tests;

/// <summary>
/// Makes PostgreSQL refuse the state writes of chosen grains (by string key), as a database that fails mid-call would,
/// through a trigger on the grain storage table of the test database only.
/// </summary>
internal sealed class GrainWriteFaults(NpgsqlDataSource database)
{
    private const string Install = """
        CREATE TABLE IF NOT EXISTS test_failing_grain_writes (grain_key text PRIMARY KEY);
        CREATE OR REPLACE FUNCTION test_fail_grain_writes() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF EXISTS (SELECT 1 FROM test_failing_grain_writes WHERE grain_key = NEW.grainidextensionstring) THEN
                RAISE EXCEPTION 'test: writes of grain % fail', NEW.grainidextensionstring;
            END IF;
            RETURN NEW;
        END
        $fn$;
        CREATE OR REPLACE TRIGGER test_fail_grain_writes BEFORE INSERT OR UPDATE ON orleansstorage
            FOR EACH ROW EXECUTE FUNCTION test_fail_grain_writes();
        """;

    /// <summary>Fails every state write of the grain keyed <paramref name="grainKey"/> until the result is disposed.</summary>
    public async Task<IAsyncDisposable> FailWritesOfAsync(string grainKey)
    {
        await ExecuteAsync(Install + "INSERT INTO test_failing_grain_writes VALUES (@key) ON CONFLICT DO NOTHING;", grainKey);
        return new Healing(this, grainKey);
    }

    private async Task ExecuteAsync(string sql, string key)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Healing(GrainWriteFaults faults, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await faults.ExecuteAsync("DELETE FROM test_failing_grain_writes WHERE grain_key = @key", key);
    }
}
