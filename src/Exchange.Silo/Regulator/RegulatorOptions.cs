using Exchange.Grains;

namespace Exchange.Silo.Regulator;

/// <summary>Signed checkpoints and the settled horizon of the ledger, bound from the <c>Regulator</c> section.</summary>
public sealed class RegulatorOptions : IValidatedOptions
{
    public const string SectionName = "Regulator";

    /// <summary>How often each market's new chain head is signed.</summary>
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>
    /// A PEM file with the exchange's ECDSA P-256 private key. Without one, the silos share a key made once and kept in
    /// PostgreSQL; a key held outside the database is stronger, since whoever can rewrite the ledger cannot then re-sign it.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>
    /// How far behind the database's clock the settled horizon trails. Regulators see an allocation this long after its
    /// match at the earliest; a journal batch that commits more than this after its match is refused (its orders are not
    /// acknowledged), so it must exceed any ordinary commit delay.
    /// </summary>
    public int SettleMilliseconds { get; set; } = 10_000;

    /// <summary>How often each silo moves the settled horizon forward.</summary>
    public int SettleIntervalMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// Connections this silo gives regulators' reads (pages, summaries, exports, verification, lifecycles), apart from the
    /// exchange's own: however many regulators download however slowly, order entry keeps its connections.
    /// </summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>How long a regulator's request waits for one of those connections before it is answered 503.</summary>
    public int ConnectionWaitSeconds { get; set; } = 2;

    /// <summary>The longest any one regulator's query may run (an export's included, however slowly it is read).</summary>
    public int StatementSeconds { get; set; } = 600;

    /// <summary>Every problem with these options, each naming its setting; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (CheckpointSeconds < 1)
        {
            problems.Add("Regulator:CheckpointSeconds must be at least 1.");
        }

        if (SettleMilliseconds < 100 || SettleIntervalMilliseconds < 50 || SettleIntervalMilliseconds >= SettleMilliseconds)
        {
            problems.Add("Regulator:SettleMilliseconds must be at least 100 and Regulator:SettleIntervalMilliseconds from 50 to less than it.");
        }

        if (MaxConnections < 1 || ConnectionWaitSeconds < 1 || StatementSeconds < 1)
        {
            problems.Add("Regulator:MaxConnections, Regulator:ConnectionWaitSeconds and Regulator:StatementSeconds must be at least 1.");
        }

        if (!string.IsNullOrEmpty(SigningKeyFile) && !File.Exists(SigningKeyFile))
        {
            problems.Add($"Regulator:SigningKeyFile '{SigningKeyFile}' does not exist.");
        }

        return problems;
    }
}
