using Exchange.Markets.Settlement;

namespace Exchange.Silo.Api.Requests;

/// <summary>Reads one meter reading of a batch, naming each bad field (readings[i].field).</summary>
public static class ReadingFields
{
    private const int MaxAllocationId = 200;

    public static MeterReading? Read(BodyFields item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var allocationId = item.String("allocationId", true, MaxAllocationId, Ids.Printable(), Ids.PrintableHint);
        var reading = Counts(item, "allocationId", withErrors: true);
        return allocationId is null || reading is null ? null : reading with { AllocationId = allocationId };
    }

    /// <summary>A buyer's receipt of <paramref name="allocationId"/>: a reading without errors (a buyer counts what reached it), the allocation in the path.</summary>
    public static MeterReading? ReadReceipt(BodyFields item, string allocationId)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Counts(item, allocationId, withErrors: false);
    }

    private static MeterReading? Counts(BodyFields item, string allocationId, bool withErrors)
    {
        var sequence = item.Integer("sequence", true, 1, long.MaxValue);
        var at = item.Timestamp("at", true);
        var input = Counter(item, "inputTokens");
        var cached = Counter(item, "cachedInputTokens");
        var output = Counter(item, "outputTokens");
        var requests = Counter(item, "requests");
        var meeting = Counter(item, "requestsMeetingSlo");
        var errors = withErrors ? Counter(item, "errors") : 0;
        if (requests is { } made && meeting is { } met && met > made)
        {
            item.Fail("requestsMeetingSlo", "Cannot exceed requests.");
            return null;
        }

        return sequence is null || at is null || input is null || cached is null || output is null || requests is null || meeting is null || errors is null
            ? null
            // Timed as the store keeps it (microseconds), so a resent count compares equal to its stored self.
            : new MeterReading(allocationId, sequence.Value, Storage.Metering.MeterReadingStore.Stored(at.Value),
                new MeterCounters(input.Value, cached.Value, output.Value, requests.Value, meeting.Value, errors.Value));
    }

    private static long? Counter(BodyFields item, string name) => item.Integer(name, true, 0, long.MaxValue);
}
