namespace Exchange.Markets.Settlement;

/// <summary>
/// Everything settlement depends on besides its inputs: the terms, the schedule and every model's weights. Pinned with
/// the run that funds an allocation and used for its whole life, so neither a replay nor a change of configuration
/// while it is delivered splits its delivery differently.
/// </summary>
public sealed record SettlementConfiguration(SettlementTerms Terms, DeliverySchedule Schedule, IReadOnlyDictionary<string, TokenWeights> Weights)
{
    public TokenWeights WeightsOf(string model) =>
        Weights.TryGetValue(model, out var weights) ? weights : throw new InvalidOperationException($"No weights for model '{model}' in the pinned configuration.");
}
