namespace Exchange.Storage.Regulator;

/// <summary>A signed chain head: the market's first <c>Sequence</c> allocations end in <c>HeadHash</c>, as the exchange signed at <c>SignedAt</c>.</summary>
public sealed record Checkpoint(string MarketId, long Sequence, byte[] HeadHash, DateTimeOffset SignedAt, string KeyId, byte[] Signature);

/// <summary>A stored signing key: its id, algorithm and DER-encoded public (SPKI) and private (PKCS#8) halves.</summary>
public sealed record SigningKeyRow(string KeyId, string Algorithm, byte[] PublicKey, byte[] PrivateKey);
