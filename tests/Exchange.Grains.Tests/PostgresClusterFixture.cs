using Exchange.TestSupport;
using Orleans.TestingHost;

namespace Exchange.Grains.Tests;

/// <summary>One two-silo test cluster on its own PostgreSQL database, shared by a collection.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("grains");
        Cluster = await StartClusterAsync(Database, $"grains-{Guid.NewGuid():N}");
    }

    /// <summary>Starts a cluster whose silos keep grain state and reminders in <paramref name="database"/>.</summary>
    public static async Task<TestCluster> StartClusterAsync(TestDatabase database, string serviceId, short silos = 2)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Properties[PostgresSiloConfigurator.ConnectionStringKey] = database.ConnectionString;
        builder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Tests sharing one PostgreSQL-backed test cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "PostgreSQL test cluster";
}
