using System.Globalization;
using Exchange.Grains.Catalog;
using Exchange.Markets;
using Exchange.Markets.Settlement;
using Exchange.Silo.Api.Responses;
using Exchange.Storage.Settlement;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>An allocation's delivery as the API shows it, wherever an endpoint answers with it.</summary>
public static class DeliveryView
{
    public static async Task<DeliveryResponse> ReadAsync(
        AllocationRecord allocation, DeliveryQueries deliveries, CatalogOptions catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(catalog);

        // Settlement pins the weights once it funds the allocation; before, the catalog's (1 each, its default, for a
        // model no longer listed).
        var weights = catalog.WeightsOf(allocation.Model) ?? new TokenWeights(1m, 1m, 1m);
        var delivery = await deliveries.ReadAsync(allocation, weights, cancellationToken);
        var status = delivery.Dispute is { Open: true } ? "disputed" : delivery.Closed ? "closed" : delivery.Funded ? "delivering" : "pending";
        return new DeliveryResponse(allocation.AllocationId, allocation.Quantity, delivery.Delivered, allocation.Quantity - delivery.Delivered - delivery.Reallocated,
            ApiFormat.Usd(delivery.Charged), ApiFormat.Usd(delivery.Credited), ApiFormat.Usd(delivery.Refunded), status,
            [.. delivery.Intervals.Select(i => new DeliveryIntervalResponse(i.Start, i.End, i.Delivered, ApiFormat.Usd(i.Charged),
                i.Requests == 0 ? null : Attainment(i.RequestsMeetingSlo, i.Requests), ApiFormat.Usd(i.Credited), i.Disputed > 0 ? "disputed" : "settled",
                i.Disputed))],
            delivery.Dispute is { } d
                ? new DisputeResponse(d.Disputed, d.DueAt, d.Outcome ?? "open", d.Awarded, d.ResolvedBy, d.Reason, d.EndedAt, ApiFormat.Usd(d.Charged),
                    ApiFormat.Usd(d.Credited), ApiFormat.Usd(d.Refunded))
                : null,
            delivery.Reallocated);
    }

    // Four decimals, rounded down: 0.9999 never reads as meeting a 99.99 % target it missed.
    private static string Attainment(long met, long requests) =>
        (decimal.Floor((decimal)met / requests * 10_000m) / 10_000m).ToString("0.0000", CultureInfo.InvariantCulture);
}
