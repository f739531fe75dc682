using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>Event list shortcuts for assertions.</summary>
internal static class EventQueries
{
    public static List<Fill> Fills(this List<object> events) => events.OfType<Fill>().ToList();

    public static RejectReason? Rejection(this List<object> events) =>
        events.OfType<OrderRejected>().Select(r => (RejectReason?)r.Reason).FirstOrDefault();

    public static CancelReason? Cancellation(this List<object> events) =>
        events.OfType<OrderCancelled>().Select(c => (CancelReason?)c.Reason).FirstOrDefault();
}
