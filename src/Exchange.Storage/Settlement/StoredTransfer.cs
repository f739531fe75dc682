using System.Data.Common;
using Exchange.Markets.Settlement;

namespace Exchange.Storage.Settlement;

/// <summary>A transfer as the ledger keeps it: where it stands in the chain, its status, time, the run or reference that made it, and its hashes.</summary>
public sealed record StoredTransfer(
    long Position, Transfer Transfer, TransferStatus Status, DateTimeOffset At, long? RunId, string? Reference, byte[] PrevHash, byte[] Hash)
{
    public const string Columns = $"position, {StoredTransfers.Columns}, status, at, run_id, reference, prev_hash, hash";

    public static StoredTransfer Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new StoredTransfer(reader.GetInt64(0), StoredTransfers.Read(reader, 1), Enum.Parse<TransferStatus>(reader.GetString(7)),
            reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.GetFieldValue<byte[]>(11), reader.GetFieldValue<byte[]>(12));
    }
}
