using System.Data.Common;
using Exchange.Markets.Settlement;

namespace Exchange.Storage.Settlement;

/// <summary>Reads a transfer back from its columns: transfer_id, kind, debit_account, credit_account, amount, allocation_id (in that order from <c>first</c>).</summary>
internal static class StoredTransfers
{
    public const string Columns = "transfer_id, kind, debit_account, credit_account, amount, allocation_id";

    public static Transfer Read(DbDataReader reader, int first = 0) => new(
        reader.GetString(first), Enum.Parse<TransferKind>(reader.GetString(first + 1)), LedgerAccount.Parse(reader.GetString(first + 2)),
        LedgerAccount.Parse(reader.GetString(first + 3)), Exchange.Markets.Money.Normalize(reader.GetDecimal(first + 4)),
        reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5));
}
