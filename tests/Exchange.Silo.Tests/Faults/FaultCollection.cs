namespace Exchange.Silo.Tests.Faults;

/// <summary>Fault tests measure how fast the exchange recovers: they run alone, after the others, on a quiet machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
