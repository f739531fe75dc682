namespace Exchange.Matching;

/// <summary>Deterministic 64-bit hash of a stream of integers (a multiply-rotate mix with a final avalanche).</summary>
internal struct StateHasher
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private ulong _state;

    public StateHasher(ulong seed) => _state = seed ^ Prime1;

    public void Add(long value)
    {
        _state ^= (ulong)value * Prime2;
        _state = System.Numerics.BitOperations.RotateLeft(_state, 31) * Prime1;
    }

    public readonly ulong Finish()
    {
        ulong h = _state;
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime1;
        h ^= h >> 32;
        return h;
    }
}
