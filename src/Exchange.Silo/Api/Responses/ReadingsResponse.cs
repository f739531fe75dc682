namespace Exchange.Silo.Api.Responses;

/// <summary>What a readings batch stored: the new readings, and those that were stored before with the same content.</summary>
public sealed record ReadingsResponse(int Accepted, int Duplicates);
