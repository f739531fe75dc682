using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Exchange.Silo.Api.Security;

/// <summary>
/// The shape of an API key: <c>tox_{keyId}.{secret}</c>. The id finds the stored row; only a SHA-256 of the whole key
/// is stored. A key carries 256 random bits, so a fast hash is enough: there is nothing to brute-force.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "tox_";

    /// <summary>A new random key and its id.</summary>
    public static (string KeyId, string Key) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}.{secret}");
    }

    /// <summary>The id part of a well-formed key; null for anything else.</summary>
    public static string? IdOf(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 128)
        {
            return null;
        }

        var dot = key.IndexOf('.', Prefix.Length);
        return dot == Prefix.Length + 16 ? key[Prefix.Length..dot] : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Compares in constant time, so response timing reveals nothing about a stored hash.</summary>
    public static bool Matches(string key, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);
}
