namespace Exchange.Storage.Migrations;

/// <summary>One versioned schema change, read from an embedded <c>NNNN_name.sql</c> file.</summary>
/// <param name="Version">The number that orders migrations; never reused.</param>
/// <param name="Name">The file name without its extension, recorded for humans.</param>
/// <param name="Sql">The statements, run as one command inside one transaction.</param>
public sealed record Migration(int Version, string Name, string Sql);
