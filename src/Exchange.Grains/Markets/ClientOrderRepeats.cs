using Exchange.Contracts.Markets;
using Exchange.Markets;

namespace Exchange.Grains.Markets;

/// <summary>
/// Answers a client order id the tenant used before in this market with that order's first outcome (the same request) or
/// a conflict (another request), whether the order is still in memory or already in the order store. The one rule for
/// "the same request" is <see cref="OrderRequestContent.Same"/>.
/// </summary>
internal sealed class ClientOrderRepeats(MarketCore core, FinishedOrders finished, MarketDurability durability)
{
    /// <summary>The answer to a repeated client order id, or null when the tenant never used it here.</summary>
    public async Task<PlaceOrderResult?> AnswerAsync(OrderRequest request)
    {
        if (core.FindByClientId(request.TenantId, request.ClientOrderId) is { } existing)
        {
            return await RepeatOf(existing, request);
        }

        if (!core.MayHaveFinished(request.TenantId, request.ClientOrderId))
        {
            return null;
        }

        if (await finished.FindByClientIdAsync(core.MarketId, request.TenantId, request.ClientOrderId) is { } row)
        {
            return await finished.IsRepeatAsync(row, request)
                ? PlaceOrderResult.Accepted(FinishedOrders.ToState(row), repeated: true)
                : PlaceOrderResult.Rejected(RejectCode.DuplicateClientOrderId);
        }

        // A fingerprint collision; but a twin of this request may have been placed while we looked.
        return core.FindByClientId(request.TenantId, request.ClientOrderId) is { } placedMeanwhile
            ? await RepeatOf(placedMeanwhile, request)
            : null;
    }

    private async Task<PlaceOrderResult> RepeatOf(MarketOrder existing, OrderRequest request)
    {
        var state = await durability.StateOf(existing);
        return OrderRequestContent.Same(existing.Request, request)
            ? PlaceOrderResult.Accepted(state, repeated: true)
            : PlaceOrderResult.Rejected(RejectCode.DuplicateClientOrderId);
    }
}
