using System.Globalization;
using Exchange.Contracts.Catalog;
using Exchange.Markets;

namespace Exchange.Silo.Api.Responses;

/// <summary>A model of the catalog, with its token weights as decimal strings.</summary>
public sealed record ModelResponse(string Id, string Name, string Family, int ContextTokens, TokenWeightsResponse Weights)
{
    public static ModelResponse From(ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(model.Id, model.Name, model.Family, model.ContextTokens,
            new TokenWeightsResponse(Text(model.InputWeight), Text(model.CachedInputWeight), Text(model.OutputWeight)));
    }

    private static string Text(decimal weight) => Money.Normalize(weight).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Token-equivalents per counted token: delivered = input × input weight + cached input × its weight + output × its
/// weight, rounded down. Allocations are sold and settled in token-equivalents.
/// </summary>
public sealed record TokenWeightsResponse(string Input, string CachedInput, string Output);
