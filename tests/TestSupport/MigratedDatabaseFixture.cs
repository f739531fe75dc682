using Xunit;

namespace Exchange.TestSupport;

/// <summary>A migrated database shared by the tests of one class (xunit class fixture), dropped afterwards.</summary>
public sealed class MigratedDatabaseFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync("shared");

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
