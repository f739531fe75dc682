using Exchange.Markets.Clusters;

namespace Exchange.Markets.Tests.Clusters;

public sealed class ClusterHealthRulesTests
{
    private static readonly HealthTimings Timings = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300));
    private static readonly DateTimeOffset Heard = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ClusterStatus.Online, 0, 60, null)]
    [InlineData(ClusterStatus.Online, 0, 61, ClusterStatus.Suspect)]
    [InlineData(ClusterStatus.Online, 0, 100_000, ClusterStatus.Suspect)]
    [InlineData(ClusterStatus.Suspect, 61, 361, null)]
    [InlineData(ClusterStatus.Suspect, 61, 362, ClusterStatus.Failed)]
    [InlineData(ClusterStatus.Suspect, 1_000, 1_300, null)]
    [InlineData(ClusterStatus.Suspect, 1_000, 1_301, ClusterStatus.Failed)]
    [InlineData(ClusterStatus.Offline, 0, 100_000, null)]
    [InlineData(ClusterStatus.Failed, 0, 100_000, null)]
    public void Silence_makes_a_cluster_suspect_and_only_a_suspect_one_failed_a_wait_later_but_not_one_out_of_service(
        ClusterStatus status, int sinceSecond, int nowSecond, ClusterStatus? expected) =>
        Assert.Equal(expected, ClusterHealth.AfterSilence(status, Heard.AddSeconds(sinceSecond), Heard, Heard.AddSeconds(nowSecond), Timings));

    [Fact]
    public void A_sign_of_life_after_a_cluster_went_suspect_puts_its_failure_off()
    {
        var since = Heard.AddSeconds(61);
        Assert.Null(ClusterHealth.AfterSilence(ClusterStatus.Suspect, since, Heard.AddSeconds(200), Heard.AddSeconds(500), Timings));
        Assert.Equal(ClusterStatus.Failed, ClusterHealth.AfterSilence(ClusterStatus.Suspect, since, Heard.AddSeconds(200), Heard.AddSeconds(501), Timings));
    }

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
