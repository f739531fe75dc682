namespace Exchange.Benchmarks;

/// <summary>What one pass over a command array measured; allocations are counted over the last <c>SteadyCommands</c>.</summary>
public readonly record struct PassResult(double Seconds, long Trades, long Quantity, long Notional, long AllocatedBytes, long SteadyCommands);
