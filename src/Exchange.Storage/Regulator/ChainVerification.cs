namespace Exchange.Storage.Regulator;

/// <summary>The outcome of recomputing hash chains: how many allocations were checked and, if a chain is broken, where first and why.</summary>
public sealed record ChainVerification(bool Ok, long Checked, string? MarketId, long? Sequence, string? Problem)
{
    public static ChainVerification Intact(long @checked) => new(true, @checked, null, null, null);

    public static ChainVerification Broken(long @checked, string marketId, long sequence, string problem) => new(false, @checked, marketId, sequence, problem);
}
