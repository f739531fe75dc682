using CsCheck;

namespace Exchange.Matching.Tests;

/// <summary>
/// Runs a property on a fixed list of CsCheck seeds, so every run (and CI) checks exactly the same
/// cases. CsCheck's <c>Sample(seed: …)</c> seeds only the first iteration and draws the rest at random,
/// so each seed gets its own one-iteration sample. When a seed fails, CsCheck then starts from that
/// seed and shrinks (it keeps looking for smaller failing cases for a bounded time) and reports the
/// smallest one with its seed.
/// </summary>
internal static class FixedSeeds
{
    public static IEnumerable<string> Seeds(int count, uint stream) =>
        Enumerable.Range(1, count).Select(i => new PCG(stream, (7_919UL * (ulong)i) + stream).ToString());

    public static void Check<T>(Gen<T> gen, Action<T> property, int count, uint stream)
    {
        foreach (string seed in Seeds(count, stream))
        {
            try
            {
                gen.Sample(property, seed: seed, iter: 1, threads: 1);
            }
            catch (Exception first)
            {
                try
                {
                    gen.Sample(property, seed: seed, iter: 1_000_000, time: 30, threads: 1);
                }
                catch (Exception shrunk)
                {
                    throw new InvalidOperationException($"fixed seed {seed} failed; shrunk:\n{shrunk.Message}", first);
                }
                throw;
            }
        }
    }
}
