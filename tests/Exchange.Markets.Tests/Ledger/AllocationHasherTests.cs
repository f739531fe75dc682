namespace Exchange.Markets.Tests.Ledger;

/// <summary>The allocation chain's canonical form is public: a regulator recomputes it, so it must never drift.</summary>
public sealed class AllocationHasherTests
{
    private static readonly AllocationRecord Allocation = new(
        "chat-70b.20261128T1400", 7, "chat-70b.20261128T1400.a7", 12, "chat-70b",
        new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero),
        "acme-ai", "DE", "chat-70b.20261128T1400.3", "hainan-compute", "hn-h100-01", "hainan", "chat-70b.20261128T1400.1",
        4_000_000, 420_000, new DateTimeOffset(2026, 11, 28, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4560), [], []);

    [Fact]
    public void The_hash_of_a_known_allocation_is_the_one_published()
    {
        var hash = AllocationHasher.Hash(AllocationHasher.Genesis.Span, Allocation);

        Assert.Equal(Expected, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void A_reallocation_is_form_2_and_its_hash_covers_its_parent()
    {
        var child = Allocation with { ParentAllocationId = "chat-70b.20261128T1400.a3" };
        var canonical = AllocationHasher.Canonical(child);
        var other = AllocationHasher.Hash(AllocationHasher.Genesis.Span, child with { ParentAllocationId = "chat-70b.20261128T1400.a4" });

        Assert.Equal(1, AllocationHasher.Canonical(Allocation)[0]);
        Assert.Equal(2, canonical[0]);
        Assert.Equal(AllocationHasher.Canonical(Allocation)[1..], canonical[1..^(4 + child.ParentAllocationId.Length)]);
        Assert.NotEqual(Convert.ToHexString(other), Convert.ToHexString(AllocationHasher.Hash(AllocationHasher.Genesis.Span, child)));
        Assert.NotEqual(Expected, Convert.ToHexStringLower(AllocationHasher.Hash(AllocationHasher.Genesis.Span, child)));
    }

    // Computed by the hasher as it was before its byte writing moved to CanonicalBytes (6eee90e).
    private const string Expected = "3e05029b852c019d7c7f0e028a83a22f850845756248946400514090af8a5ba9";
}
