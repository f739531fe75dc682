using System.Text.RegularExpressions;
using Exchange.Markets.Settlement;

namespace Exchange.Grains.Catalog;

/// <summary>The catalog as configured in <c>silo-config/</c>: regions and models are data, not code.</summary>
public sealed partial class CatalogOptions : IValidatedOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Catalog";

    public List<RegionOptions> Regions { get; set; } = [];

    public List<ModelOptions> Models { get; set; } = [];

    /// <summary>Data-handling policies a cluster may honour and a bid may require (at most 16).</summary>
    public List<string> DataPolicies { get; set; } = [];

    /// <summary>The token weights of a configured model, or null for a model the catalog does not list.</summary>
    public TokenWeights? WeightsOf(string model) => Models.FirstOrDefault(m => m.Id == model)?.Weights.ToWeights();

    /// <summary>Every problem with the configured catalog; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Regions.Count == 0)
        {
            problems.Add("Catalog:Regions must list at least one region.");
        }

        if (Models.Count == 0)
        {
            problems.Add("Catalog:Models must list at least one model.");
        }

        if (Regions.Count > 32 || DataPolicies.Count > 16)
        {
            problems.Add("Catalog allows at most 32 regions and 16 data policies.");
        }

        CheckIds(problems, "DataPolicies", DataPolicies.Select(p => (p, p)));
        CheckIds(problems, "Regions", Regions.Select(r => (r.Id, r.Name)));
        CheckIds(problems, "Models", Models.Select(m => (m.Id, m.Name)));
        for (var index = 0; index < Models.Count; index++)
        {
            var weights = Models[index].Weights.ToWeights();
            if (!weights.IsValid || SettlementAmounts.Down(weights.Input) != weights.Input || SettlementAmounts.Down(weights.CachedInput) != weights.CachedInput
                || SettlementAmounts.Down(weights.Output) != weights.Output)
            {
                problems.Add($"Catalog:Models:{index}:Weights must be 0 to {TokenWeights.MaxWeight} with at most twelve decimals, and not all 0.");
            }
        }

        return problems;
    }

    private static void CheckIds(List<string> problems, string list, IEnumerable<(string Id, string Name)> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var (id, name) in entries)
        {
            if (!IdPattern().IsMatch(id ?? ""))
            {
                problems.Add($"Catalog:{list}:{index}:Id '{id}' must be lower-case letters, digits, '.' or '-' (at most 64).");
            }
            else if (!seen.Add(id!))
            {
                problems.Add($"Catalog:{list}:{index}:Id '{id}' appears twice.");
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add($"Catalog:{list}:{index}:Name is required.");
            }

            index++;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,63}\\z")]
    private static partial Regex IdPattern();
}

/// <summary>One configured region.</summary>
public sealed class RegionOptions
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public bool FreeTradePort { get; set; }

    public string Gateway { get; set; } = "";
}

/// <summary>One configured model.</summary>
public sealed class ModelOptions
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Family { get; set; } = "";

    public int ContextTokens { get; set; }

    /// <summary>Token-equivalents per counted token: what delivery is measured and settled in.</summary>
    public WeightOptions Weights { get; set; } = new();
}

/// <summary>A model's token weights; every token counts as one token-equivalent unless configured otherwise.</summary>
public sealed class WeightOptions
{
    public decimal Input { get; set; } = 1m;

    public decimal CachedInput { get; set; } = 1m;

    public decimal Output { get; set; } = 1m;

    public TokenWeights ToWeights() => new(Input, CachedInput, Output);
}
