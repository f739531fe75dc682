using System.Text.Json;
using Exchange.Markets.Settlement;

namespace Exchange.Storage.Settlement;

/// <summary>A settlement configuration as settlement_runs keeps it: JSON, models in ordinal order, decimals exact.</summary>
internal static class ConfigurationText
{
    private sealed record Tier(decimal Below, int CreditPercent);

    private sealed record Weights(decimal Input, decimal CachedInput, decimal Output);

    private sealed record Disputes(int ToleranceBps, long ToleranceTokens, int DisputeSeconds);

    // Disputes is null in configurations pinned before receipts existed: they ran under the defaults.
    private sealed record Document(
        int FeeBps, Tier[] SloTiers, int IntervalSeconds, int GraceSeconds, SortedDictionary<string, Weights> Models, Disputes? Disputes);

    public static string Write(SettlementConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var models = new SortedDictionary<string, Weights>(StringComparer.Ordinal);
        foreach (var (model, w) in configuration.Weights)
        {
            models[model] = new Weights(w.Input, w.CachedInput, w.Output);
        }

        return JsonSerializer.Serialize(new Document(
            configuration.Terms.FeeBps, [.. configuration.Terms.SloTiers.Select(t => new Tier(t.Below, t.CreditPercent))],
            configuration.Schedule.IntervalSeconds, configuration.Schedule.GraceSeconds, models,
            new Disputes(configuration.Terms.Disputes.ToleranceBps, configuration.Terms.Disputes.ToleranceTokens, configuration.Terms.Disputes.DisputeSeconds)));
    }

    public static SettlementConfiguration Read(string text)
    {
        var document = JsonSerializer.Deserialize<Document>(text) ?? throw new FormatException("An empty settlement configuration.");
        return new SettlementConfiguration(
            new SettlementTerms(document.FeeBps, [.. document.SloTiers.Select(t => new SloTier(t.Below, t.CreditPercent))])
            {
                Disputes = document.Disputes is { } d ? new DisputeTerms(d.ToleranceBps, d.ToleranceTokens, d.DisputeSeconds) : DisputeTerms.Default,
            },
            new DeliverySchedule(document.IntervalSeconds, document.GraceSeconds),
            document.Models.ToDictionary(m => m.Key, m => new TokenWeights(m.Value.Input, m.Value.CachedInput, m.Value.Output), StringComparer.Ordinal));
    }
}
