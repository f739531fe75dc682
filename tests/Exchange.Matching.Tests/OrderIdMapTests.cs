using CsCheck;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class OrderIdMapTests
{
    [Fact]
    public void Id_map_agrees_with_a_dictionary_under_random_adds_and_removes()
    {
        // Ids: sequential, strided by powers of two (a bad case for naive hashing), and random.
        var ids = Gen.OneOf(Gen.Long[1, 300], Gen.Long[1, 300].Select(i => i * 64), Gen.Long[1, 300].Select(i => i << 20), Gen.Long[1, long.MaxValue]);
        Gen.Select(Gen.Bool, ids).Array[1, 2_000].Sample(operations =>
        {
            var map = new OrderIdMap(4);
            var expected = new Dictionary<long, int>();
            int slot = 1;
            foreach (var (add, id) in operations)
            {
                if (add && !expected.ContainsKey(id))
                {
                    map.Add(id, slot);
                    expected[id] = slot++;
                }
                else if (!add)
                {
                    map.Remove(id);
                    expected.Remove(id);
                }
                Assert.Equal(expected.Count, map.Count);
            }
            foreach (var (id, value) in expected)
            {
                Assert.Equal(value, map.Find(id));
            }
            foreach (var (_, id) in operations)
            {
                Assert.Equal(expected.GetValueOrDefault(id), map.Find(id));
            }
        }, seed: "0000000092O3", iter: 200);
    }

    [Fact]
    public void Ids_that_fall_behind_the_window_stay_findable()
    {
        var map = new OrderIdMap(4);
        for (int id = 1; id <= 10; id++)
        {
            map.Add(id, id);
        }
        for (int id = 5_000; id <= 20_000; id++)
        {
            map.Add(id, id);
            map.Remove(id);
        }
        map.Remove(3);
        Assert.Equal(9, map.Count);
        Assert.Equal(0, map.Find(3));
        Assert.Equal(7, map.Find(7));
        Assert.Equal(0, map.Find(20_000));
    }

    [Fact]
    public void Sparse_increasing_ids_fall_back_to_the_hash()
    {
        var map = new OrderIdMap(4);
        for (long k = 1; k <= 100; k++)
        {
            map.Add(k * 1_000_000_007L, (int)k);
        }
        map.Add(5, 101);
        Assert.Equal(101, map.Count);
        for (long k = 1; k <= 100; k++)
        {
            Assert.Equal((int)k, map.Find(k * 1_000_000_007L));
        }
        Assert.Equal(101, map.Find(5));
        Assert.Equal(0, map.Find(6));
    }

    [Fact]
    public void Id_hash_agrees_with_a_dictionary()
    {
        Gen.Select(Gen.Bool, Gen.Long[1, 5_000]).Array[1, 3_000].Sample(operations =>
        {
            var hash = new OrderIdHash(2);
            var expected = new Dictionary<long, int>();
            foreach (var (add, id) in operations)
            {
                if (add && !expected.ContainsKey(id))
                {
                    hash.Add(id, expected.Count + 1);
                    expected[id] = expected.Count + 1;
                }
                else if (!add)
                {
                    hash.Remove(id);
                    expected.Remove(id);
                }
            }
            Assert.Equal(expected.Count, hash.Count);
            foreach (var (_, id) in operations)
            {
                Assert.Equal(expected.GetValueOrDefault(id), hash.Find(id));
            }
        }, seed: "00000000c3J4", iter: 200);
    }
}
