using System.Buffers.Binary;
using System.Text;

namespace Exchange.Markets;

/// <summary>
/// The byte form the hash chains are computed over: big-endian integers and length-prefixed UTF-8 strings, so that anyone
/// can recompute a chain from the rows in any language. Changing it changes every hash: chains version their form.
/// </summary>
internal sealed class CanonicalBytes(byte version, int capacity = 256)
{
    private readonly List<byte> _buffer = new(capacity) { version };

    public CanonicalBytes String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Int32(bytes.Length);
        _buffer.AddRange(bytes);
        return this;
    }

    public CanonicalBytes Int32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        _buffer.AddRange(bytes);
        return this;
    }

    public CanonicalBytes Int64(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        _buffer.AddRange(bytes);
        return this;
    }

    public CanonicalBytes Byte(byte value)
    {
        _buffer.Add(value);
        return this;
    }

    public byte[] ToArray() => [.. _buffer];
}
