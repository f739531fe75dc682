using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;

namespace Exchange.Storage.Tests;

/// <summary>Journal commands and hash-chained allocations to append in storage tests.</summary>
internal static class LedgerRows
{
    public static List<JournalEntry> Commands(long first, int count) =>
        Enumerable.Range(0, count).Select(i => new JournalEntry(first + i, [(byte)(first + i), (byte)(first + i)])).ToList();

    /// <summary>One allocation per match time, chained after <paramref name="prevHash"/>, all produced by one journal command.</summary>
    public static List<AllocationRecord> Chain(
        string market, byte[] prevHash, long firstSequence, long journalSequence, IReadOnlyList<DateTimeOffset> matchedAt,
        string model = "chat-70b", DateTimeOffset? period = null, string region = "hainan", long? quantity = null)
    {
        var start = period ?? new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        var result = new List<AllocationRecord>();
        for (var i = 0; i < matchedAt.Count; i++)
        {
            var sequence = firstSequence + i;
            var record = new AllocationRecord(
                market, sequence, $"{market}.a{sequence}", journalSequence, model, start, start.AddHours(1),
                "buyer-de", "DE", "b-1", "provider-hn", "hn-cluster-1", region, "s-1",
                Quantity: quantity ?? 1_000 * (i + 1), PriceMicros: 420_000, MatchedAt: matchedAt[i], PrevHash: prevHash, Hash: []);
            var hash = AllocationHasher.Hash(prevHash, record);
            result.Add(record with { Hash = hash });
            prevHash = hash;
        }

        return result;
    }
}
