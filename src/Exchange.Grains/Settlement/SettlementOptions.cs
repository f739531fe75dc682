namespace Exchange.Grains.Settlement;

/// <summary>Delivery and settlement settings (silo-config/silo.json, section Settlement).</summary>
public sealed class SettlementOptions : IValidatedOptions
{
    public const string SectionName = "Settlement";

    /// <summary>How long after its period an allocation still takes readings, before it closes.</summary>
    public int GraceSeconds { get; set; } = 900;

    public TimeSpan Grace => TimeSpan.FromSeconds(GraceSeconds);

    public IReadOnlyList<string> Problems() =>
        GraceSeconds is < 0 or > 7 * 24 * 3600 ? ["Settlement:GraceSeconds must be 0 to 604800 (a week)."] : [];
}
