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
    public static bool SameHash(byte[] presentedHash, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(presentedHash, storedHash);

    /// <summary>
    /// The key an Authorization header presents: <c>Bearer KEY</c>, or, where a browser must be able to ask for it
    /// (<paramref name="acceptBasic"/>), Basic credentials with the key as the password; null for anything else.
    /// </summary>
    public static string? FromAuthorization(string header, bool acceptBasic)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim() is { Length: > 0 } key ? key : null;
        }

        if (!acceptBasic || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
