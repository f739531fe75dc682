namespace Exchange.Contracts;

/// <summary>The outcome of an idempotent create: the object (null when another one with different details holds the id) and whether this call made it.</summary>
[GenerateSerializer, Immutable]
public sealed record class Creation<T>([property: Id(0)] T? Value, [property: Id(1)] bool Created)
    where T : class;
