using CsCheck;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class ClassSetTests
{
    private static readonly Gen<(bool Add, int Class)[]> Operations =
        Gen.Select(Gen.Bool, Gen.OneOf(Gen.Int[0, 130], Gen.Int[0, ClassSet.Capacity - 1])).Array[0, 300];

    private static (ClassSet Set, HashSet<int> Expected) Build((bool Add, int Class)[] operations)
    {
        var set = default(ClassSet);
        var expected = new HashSet<int>();
        foreach (var (add, k) in operations)
        {
            if (add)
            {
                set.Add(k);
                expected.Add(k);
            }
            else
            {
                set.Remove(k);
                expected.Remove(k);
            }
        }
        return (set, expected);
    }

    private static List<int> Drain(ClassSet set)
    {
        var drained = new List<int>();
        while (!set.IsEmpty)
        {
            drained.Add(set.TakeFirst());
        }
        return drained;
    }

    [Fact]
    public void Class_sets_agree_with_a_hash_set_on_membership_order_intersection_and_singles()
    {
        foreach (string seed in FixedSeeds.Seeds(300, stream: 4))
        {
            Gen.Select(Operations, Operations).Sample((left, right) =>
            {
                var (a, expectedA) = Build(left);
                var (b, expectedB) = Build(right);
                Assert.Equal(expectedA.Order(), Drain(a));
                Assert.All(Enumerable.Range(0, ClassSet.Capacity), k => Assert.Equal(expectedA.Contains(k), a.Contains(k)));
                var both = expectedA.Intersect(expectedB).Order().ToList();
                ClassSet.Intersect(in a, in b, out var intersection);
                Assert.Equal(both, Drain(intersection));
                int single = ClassSet.SingleOfIntersection(in a, in b);
                Assert.Equal(both.Count switch { 0 => -1, 1 => both[0], _ => -2 }, single);
                Assert.Equal(expectedA.Count == 1, a.IsSingle(out int only));
                if (expectedA.Count == 1)
                {
                    Assert.Equal(expectedA.Single(), only);
                }
                Assert.True(a.SetEquals(in a));
                Assert.Equal(expectedA.SetEquals(expectedB), a.SetEquals(in b));
            }, seed: seed, iter: 1, threads: 1);
        }
    }
}
