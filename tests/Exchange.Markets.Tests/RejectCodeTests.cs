using Exchange.Matching;

namespace Exchange.Markets.Tests;

public sealed class RejectCodeTests
{
    [Fact]
    public void Every_code_has_one_kebab_case_wire_name_of_its_own()
    {
        var names = Enum.GetValues<RejectCode>().Select(code => code.WireName()).ToList();

        Assert.All(names, name => Assert.Matches("^[a-z]+(-[a-z]+)*$", name));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(RejectCode.FokNotFillable, "fok-not-fillable")]
    [InlineData(RejectCode.PostOnlyWouldCross, "post-only-would-cross")]
    [InlineData(RejectCode.DuplicateClientOrderId, "duplicate-client-order-id")]
    [InlineData(RejectCode.CreditLimitExceeded, "credit-limit-exceeded")]
    public void Wire_names_clients_already_parse_stay_as_they_were(RejectCode code, string wireName) =>
        Assert.Equal(wireName, code.WireName());

    [Fact]
    public void Every_refusal_of_the_engine_has_a_code()
    {
        var refusals = Enum.GetValues<RejectReason>().Where(reason => reason != RejectReason.None).ToList();

        var codes = refusals.Select(RejectCodes.FromEngine).ToList();

        Assert.Equal(refusals.Count, codes.Distinct().Count());
        Assert.All(refusals, reason => Assert.Equal(reason.ToString(), RejectCodes.FromEngine(reason).ToString()));
        Assert.Throws<ArgumentOutOfRangeException>(() => RejectCodes.FromEngine(RejectReason.None));
    }

    [Theory]
    [InlineData(RejectCode.DuplicateClientOrderId, RejectKind.Conflict)]
    [InlineData(RejectCode.IdempotencyKeyReused, RejectKind.Conflict)]
    [InlineData(RejectCode.AlreadyExists, RejectKind.Conflict)]
    [InlineData(RejectCode.ClusterIdTaken, RejectKind.Conflict)]
    [InlineData(RejectCode.ReadingConflict, RejectKind.Conflict)]
    [InlineData(RejectCode.CounterRegressed, RejectKind.Refused)]
    [InlineData(RejectCode.RateLimited, RejectKind.Throttled)]
    [InlineData(RejectCode.TooManyStreams, RejectKind.Throttled)]
    [InlineData(RejectCode.CreditLimitExceeded, RejectKind.Refused)]
    [InlineData(RejectCode.UnknownCluster, RejectKind.Refused)]
    public void Conflicts_and_throttles_are_told_apart_from_refusals(RejectCode code, RejectKind kind) =>
        Assert.Equal(kind, code.Kind());
}
