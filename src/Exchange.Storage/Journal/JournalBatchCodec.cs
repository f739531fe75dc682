using System.Buffers.Binary;

namespace Exchange.Storage.Journal;

/// <summary>
/// The form of one journal row: the commands of one market batch, each as a big-endian 32-bit length and the command's
/// bytes, in sequence order. Big-endian because PostgreSQL's <c>int4send</c> writes it, which let migration 0022 turn the
/// old one-command rows into this form in SQL.
/// </summary>
internal static class JournalBatchCodec
{
    private const int LengthSize = sizeof(int);

    /// <summary>The row's bytes for <paramref name="commands"/>.</summary>
    public static byte[] Encode(IReadOnlyList<JournalEntry> commands)
    {
        var size = 0;
        foreach (var command in commands)
        {
            size += LengthSize + command.Command.Length;
        }

        var row = new byte[size];
        var at = 0;
        foreach (var command in commands)
        {
            BinaryPrimitives.WriteInt32BigEndian(row.AsSpan(at), command.Command.Length);
            command.Command.CopyTo(row.AsSpan(at + LengthSize));
            at += LengthSize + command.Command.Length;
        }

        return row;
    }

    /// <summary>The commands of a row whose first command has <paramref name="firstSequence"/>, numbered from it.</summary>
    public static IEnumerable<JournalEntry> Decode(long firstSequence, byte[] row, long lastSequence)
    {
        var at = 0;
        var sequence = firstSequence;
        while (at < row.Length)
        {
            if (row.Length - at < LengthSize)
            {
                throw new InvalidDataException($"Journal row from {firstSequence} ends inside a command's length.");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(row.AsSpan(at));
            if (length < 0 || length > row.Length - at - LengthSize)
            {
                throw new InvalidDataException($"Journal row from {firstSequence}: command {sequence} claims {length} bytes.");
            }

            yield return new JournalEntry(sequence++, row.AsSpan(at + LengthSize, length).ToArray());
            at += LengthSize + length;
        }

        if (sequence - 1 != lastSequence)
        {
            throw new InvalidDataException($"Journal row {firstSequence}..{lastSequence} holds {sequence - firstSequence} commands.");
        }
    }
}
