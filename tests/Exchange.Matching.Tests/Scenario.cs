using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>A book configuration and a command stream for the differential properties.</summary>
internal sealed record Scenario(BookConfig Config, IReadOnlyList<Command> Commands)
{
    public override string ToString() => $"{Config}\n  " + string.Join("\n  ", Commands);
}
