using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>Validate answers what Place would do, without doing it: the exchange refuses such orders without journaling them.</summary>
public sealed class ValidateTests
{
    [Fact]
    public void Validate_predicts_every_placement_when_no_expiry_is_due_and_changes_nothing()
    {
        var predicted = 0;
        FixedSeeds.Check(ScenarioGen.Any, scenario =>
        {
            var book = new OrderBook(scenario.Config);
            var events = new List<object>();
            var log = new EventLog(events);
            foreach (var command in scenario.Commands)
            {
                if (command is PlaceCommand place
                    && !book.RestingOrders().Any(o => o.ExpiresAt > 0 && o.ExpiresAt <= place.Order.Timestamp))
                {
                    var hash = book.StateHash();
                    var answer = book.Validate(place.Order);
                    Assert.Equal(hash, book.StateHash());
                    var before = events.Count;
                    command.Apply(book, ref log);
                    var rejected = events.Skip(before).OfType<OrderRejected>().Where(r => r.OrderId == place.Order.Id).Select(r => r.Reason).FirstOrDefault();
                    Assert.Equal(rejected, answer);
                    predicted++;
                }
                else
                {
                    command.Apply(book, ref log);
                }
            }
        }, count: 400, stream: 7);
        Assert.True(predicted > 10_000, $"only {predicted} placements were predicted");
    }
}
