using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>What a workload line asks for.</summary>
public enum WorkloadKind : byte
{
    Limit,
    Market,
    Cancel,
}

/// <summary>One parsed line of a workload file (see docs/workload.md).</summary>
public readonly record struct WorkloadCommand(WorkloadKind Kind, Side Side, long Id, long Price, long Quantity);
