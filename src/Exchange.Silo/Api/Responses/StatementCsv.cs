using System.Globalization;
using System.Text;
using Exchange.Storage.Settlement;

namespace Exchange.Silo.Api.Responses;

/// <summary>A statement as CSV (RFC 4180): an opening row, one row per transfer, a closing row; the same figures as the JSON.</summary>
public static class StatementCsv
{
    public static StatementLineResponse Line(StatementLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var t = line.Transfer;
        return new(t.Transfer.TransferId, t.At, LedgerFormat.Kind(t.Transfer.Kind), t.Transfer.AllocationId, ApiFormat.Usd(line.Amount), ApiFormat.Usd(line.BalanceAfter));
    }

    public static string Write(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var csv = new StringBuilder("transfer_id,at,kind,allocation_id,amount,balance_after\r\n");
        csv.Append(CultureInfo.InvariantCulture, $",,opening,,,{ApiFormat.Usd(statement.Opening)}\r\n");
        foreach (var line in statement.Lines.Select(Line))
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{Field(line.TransferId)},{line.At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ},{line.Kind},{Field(line.AllocationId ?? "")},{line.Amount},{line.BalanceAfter}\r\n");
        }

        csv.Append(CultureInfo.InvariantCulture, $",,closing,,,{ApiFormat.Usd(statement.Closing)}\r\n");
        return csv.ToString();
    }

    // Ids are printable ASCII and may hold a comma or a quote: quote them the RFC 4180 way when they do.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
