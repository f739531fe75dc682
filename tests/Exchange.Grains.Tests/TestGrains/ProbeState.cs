namespace Exchange.Grains.Tests.TestGrains;

/// <summary>What the probe grain persists.</summary>
[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)]
    public int Counter { get; set; }

    [Id(1)]
    public int Ticks { get; set; }
}
