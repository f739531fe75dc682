namespace Exchange.Matching;

/// <summary>Best bid and best ask levels; a level with <c>OrderCount == 0</c> means that side is empty.</summary>
public readonly record struct TopOfBook(DepthLevel Bid, DepthLevel Ask);
