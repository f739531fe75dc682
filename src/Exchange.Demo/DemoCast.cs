using Exchange.ApiClient;

namespace Exchange.Demo;

/// <summary>A provider of the demo: a compute-leasing company with clusters in one or both provinces.</summary>
public sealed record DemoProvider(string Id, string Name, IReadOnlyList<ClusterSpec> Clusters);

/// <summary>An overseas buyer of the demo: trades in its own daytime, with the constraints its policies demand.</summary>
public sealed record DemoBuyer(string Id, string Name, string Jurisdiction, int UtcOffsetHours, ConstraintSpec Constraints);

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
            new("hn-h100-a", "hainan", "H100", 256, 3, [new("chat-70b", 60_000), new("chat-8b", 400_000)], ["zdr", "no-training", "no-logging"]),
            new("gd-a100-a", "guangdong", "A100", 128, 2, [new("chat-70b", 25_000), new("chat-8b", 180_000)], ["zdr"]),
        ]),
        new("pearl-river-gpu", "Pearl River GPU Cloud",
        [
            new("gd-h800-b", "guangdong", "H800", 192, 2, [new("chat-70b", 45_000), new("chat-8b", 300_000)], ["no-training"]),
            new("gd-l40s-c", "guangdong", "L40S", 96, 1, [new("chat-8b", 120_000)], []),
        ]),
    ];

    public static readonly DemoBuyer[] Buyers =
    [
        new("acme-ai-de", "Acme AI GmbH", "DE", 1, new ConstraintSpec(MinTier: 2, DataPolicies: ["zdr"])),
        new("bluebird-us", "Bluebird Labs Inc.", "US", -5, new ConstraintSpec(Regions: ["hainan"])),
        new("sakura-jp", "Sakura Robotics K.K.", "JP", 9, new ConstraintSpec()),
        new("merlion-sg", "Merlion Analytics Pte. Ltd.", "SG", 8, new ConstraintSpec(Regions: ["guangdong"])),
    ];

    public const string RegulatorId = "hk-audit";
}
