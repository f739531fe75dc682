using Exchange.ApiClient.Generated.Models;

namespace Exchange.Demo;

/// <summary>A provider of the demo: a compute-leasing company with clusters in one or both provinces.</summary>
public sealed record DemoProvider(string Id, string Name, IReadOnlyList<DemoCluster> Clusters);

/// <summary>A GPU cluster of the demo, with the tokens per second it serves of each model.</summary>
public sealed record DemoCluster(
    string ClusterId, string Region, string Accelerator, int GpuCount, int Tier, IReadOnlyList<(string Model, long TokensPerSecond)> Models, IReadOnlyList<string> DataPolicies)
{
    public RegisterClusterRequest ToRequest() => new()
    {
        ClusterId = ClusterId,
        Region = Region,
        Accelerator = Accelerator,
        GpuCount = GpuCount,
        Tier = Tier,
        Models = [.. Models.Select(m => new ModelThroughputRequest { Model = m.Model, TokensPerSecond = m.TokensPerSecond })],
        DataPolicies = [.. DataPolicies],
    };
}

/// <summary>An overseas buyer of the demo: trades in its own daytime, with the constraints its policies demand.</summary>
public sealed record DemoBuyer(string Id, string Name, string Jurisdiction, int UtcOffsetHours, ConstraintsRequest Constraints);

/// <summary>Who takes part in the demo market.</summary>
public static class DemoCast
{
    public static readonly string[] Models = ["chat-70b", "chat-8b"];

    /// <summary>USD per million tokens around which each model trades.</summary>
    public static decimal BasePrice(string model) => model == "chat-70b" ? 0.60m : 0.12m;

    public static readonly DemoProvider[] Providers =
    [
        new("hainan-compute", "Hainan Compute Leasing Co.",
        [
            new("hn-h100-a", "hainan", "H100", 256, 3, [("chat-70b", 60_000), ("chat-8b", 400_000)], ["zdr", "no-training", "no-logging"]),
            new("gd-a100-a", "guangdong", "A100", 128, 2, [("chat-70b", 25_000), ("chat-8b", 180_000)], ["zdr"]),
        ]),
        new("pearl-river-gpu", "Pearl River GPU Cloud",
        [
            new("gd-h800-b", "guangdong", "H800", 192, 2, [("chat-70b", 45_000), ("chat-8b", 300_000)], ["no-training"]),
            new("gd-l40s-c", "guangdong", "L40S", 96, 1, [("chat-8b", 120_000)], []),
        ]),
    ];

    public static readonly DemoBuyer[] Buyers =
    [
        new("acme-ai-de", "Acme AI GmbH", "DE", 1, new ConstraintsRequest { MinTier = 2, DataPolicies = ["zdr"] }),
        new("bluebird-us", "Bluebird Labs Inc.", "US", -5, new ConstraintsRequest { Regions = ["hainan"] }),
        new("sakura-jp", "Sakura Robotics K.K.", "JP", 9, new ConstraintsRequest()),
        new("merlion-sg", "Merlion Analytics Pte. Ltd.", "SG", 8, new ConstraintsRequest { Regions = ["guangdong"] }),
    ];

    public const string RegulatorId = "hk-audit";
}
