namespace Exchange.Silo.Regulator;

/// <summary>Signed checkpoints of the ledger, bound from the <c>Regulator</c> section.</summary>
public sealed class RegulatorOptions
{
    public const string SectionName = "Regulator";

    /// <summary>How often each market's new chain head is signed.</summary>
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>
    /// A PEM file with the exchange's ECDSA P-256 private key. Without one, the silos share a key made once and kept in
    /// PostgreSQL; a key held outside the database is stronger, since whoever can rewrite the ledger cannot then re-sign it.
    /// </summary>
    public string? SigningKeyFile { get; set; }
}
