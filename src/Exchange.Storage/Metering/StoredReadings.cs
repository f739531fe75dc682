using System.Data.Common;
using Exchange.Markets.Settlement;

namespace Exchange.Storage.Metering;

/// <summary>Reads a reading back from its columns: allocation_id, sequence, at, then the six counters, from <c>first</c> on.</summary>
internal static class StoredReadings
{
    public const string Columns =
        "allocation_id, sequence, at, input_tokens, cached_input_tokens, output_tokens, requests, requests_meeting_slo, errors";

    public static MeterReading Read(DbDataReader reader, int first = 0) =>
        new(reader.GetString(first), reader.GetInt64(first + 1), reader.GetFieldValue<DateTimeOffset>(first + 2), Counters(reader, first + 3));

    /// <summary>The six counters in column order (input, cached input, output, requests, requests meeting the SLO, errors).</summary>
    public static MeterCounters Counters(DbDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3), reader.GetInt64(first + 4),
        reader.GetInt64(first + 5));
}
