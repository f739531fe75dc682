namespace Exchange.Silo.Api.Responses;

/// <summary>One page of a list; pass <c>nextCursor</c> back as <c>cursor</c> for the next, until it is null.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A list that is never paged (the catalog).</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);
