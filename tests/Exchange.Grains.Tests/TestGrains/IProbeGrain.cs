namespace Exchange.Grains.Tests.TestGrains;

/// <summary>A test-only grain that proves the storage and reminder providers work against PostgreSQL.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<ProbeState> Read();

    Task StartTicking(TimeSpan dueTime);

    Task StopTicking();
}
