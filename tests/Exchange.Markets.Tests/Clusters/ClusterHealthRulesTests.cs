using Exchange.Markets.Clusters;

namespace Exchange.Markets.Tests.Clusters;

public sealed class ClusterHealthRulesTests
{
    private static readonly HealthTimings Timings = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300));
    private static readonly DateTimeOffset Heard = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ClusterStatus.Online, 60, null)]
    [InlineData(ClusterStatus.Online, 61, ClusterStatus.Suspect)]
    [InlineData(ClusterStatus.Online, 361, ClusterStatus.Failed)]
    [InlineData(ClusterStatus.Suspect, 61, null)]
    [InlineData(ClusterStatus.Suspect, 360, null)]
    [InlineData(ClusterStatus.Suspect, 361, ClusterStatus.Failed)]
    [InlineData(ClusterStatus.Offline, 100_000, null)]
    [InlineData(ClusterStatus.Failed, 100_000, null)]
    public void Silence_makes_a_cluster_suspect_then_failed_but_not_one_out_of_service(ClusterStatus status, int silentSeconds, ClusterStatus? expected) =>
        Assert.Equal(expected, ClusterHealth.AfterSilence(status, Heard, Heard.AddSeconds(silentSeconds), Timings));

    [Theory]
    [InlineData(ClusterStatus.Online, true, null)]
    [InlineData(ClusterStatus.Online, false, ClusterStatus.Offline)]
    [InlineData(ClusterStatus.Suspect, true, ClusterStatus.Online)]
    [InlineData(ClusterStatus.Suspect, false, ClusterStatus.Offline)]
    [InlineData(ClusterStatus.Offline, true, ClusterStatus.Online)]
    [InlineData(ClusterStatus.Offline, false, null)]
    [InlineData(ClusterStatus.Failed, true, null)]
    [InlineData(ClusterStatus.Failed, false, null)]
    public void A_heartbeat_brings_a_cluster_back_or_takes_it_offline_unless_it_failed(ClusterStatus status, bool healthy, ClusterStatus? expected) =>
        Assert.Equal(expected, ClusterHealth.OnHeartbeat(status, healthy));

    [Fact]
    public void Only_a_reading_after_a_cluster_went_suspect_brings_it_back()
    {
        Assert.Equal(ClusterStatus.Online, ClusterHealth.OnReading(ClusterStatus.Suspect, Heard, Heard.AddMilliseconds(1)));
        Assert.Null(ClusterHealth.OnReading(ClusterStatus.Suspect, Heard, Heard));
        Assert.Null(ClusterHealth.OnReading(ClusterStatus.Failed, Heard, Heard.AddHours(1)));
        Assert.Null(ClusterHealth.OnReading(ClusterStatus.Offline, Heard, Heard.AddHours(1)));
    }

    [Fact]
    public void Only_an_online_cluster_offers_and_only_a_failed_one_refuses_everything()
    {
        Assert.Equal(
            [null, RejectCode.ClusterSuspect, RejectCode.ClusterFailed, RejectCode.ClusterOffline],
            Enum.GetValues<ClusterStatus>().Select(ClusterHealth.Refusal));
        Assert.Equal([ClusterStatus.Failed], Enum.GetValues<ClusterStatus>().Where(s => !ClusterHealth.Accepts(s)));
        Assert.Equal([ClusterStatus.Suspect, ClusterStatus.Failed, ClusterStatus.Offline], Enum.GetValues<ClusterStatus>().Where(ClusterHealth.Withdraws));
    }
}
