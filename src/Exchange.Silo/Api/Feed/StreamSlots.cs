using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Feed;

/// <summary>
/// How many live market-data streams this silo serves at once, per API key and in all: each holds a connection, a
/// buffer and a place in its market's relay for as long as its client stays, so they are counted and capped.
/// </summary>
public sealed class StreamSlots(IOptions<ApiOptions> options)
{
    private readonly Dictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>A slot for one more stream of <paramref name="keyId"/>, released when disposed; null when a cap is reached.</summary>
    public IDisposable? TryTake(string keyId)
    {
        lock (_perKey)
        {
            var held = _perKey.GetValueOrDefault(keyId);
            if (held >= options.Value.MaxStreamsPerKey || _total >= options.Value.MaxStreamsPerSilo)
            {
                return null;
            }

            _perKey[keyId] = held + 1;
            _total++;
            return new Slot(this, keyId);
        }
    }

    private void Release(string keyId)
    {
        lock (_perKey)
        {
            _total--;
            if (--_perKey[keyId] == 0)
            {
                _perKey.Remove(keyId);
            }
        }
    }

    private sealed class Slot(StreamSlots slots, string keyId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release(keyId);
            }
        }
    }
}
