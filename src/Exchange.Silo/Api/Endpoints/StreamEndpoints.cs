using System.Text.Json;
using Exchange.Contracts.Markets;
using Exchange.Grains.Catalog;
using Exchange.Markets;
using Exchange.Silo.Api.Feed;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Live market data as server-sent events: trades and top-of-book changes as they happen, no identities.</summary>
public static class StreamEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void MapStreamEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/markets/{marketId}/stream", Stream).WithTags("Market data").RequireAnyKey()
            .WithName("streamMarket").WithSummary("Live trades and top of book (server-sent events)")
            .WithDescription("""
                text/event-stream. First a `snapshot` event (the book, 10 levels a side, and `lastTradeSequence`), then `trade` events
                (id = the trade's sequence) and `top` events (best bid and ask) as they happen. A client that reads too slowly, or
                that missed updates while the market moved between silos, gets a `resync` event with a fresh snapshot instead of
                the updates it missed; fetch missed trades from /trades with a cursor if needed. A comment line every 15 s keeps
                idle connections open. A key holds at most Api:MaxStreamsPerKey streams on a silo at once (4), a silo serves at
                most Api:MaxStreamsPerSilo (2,000); one more is 429 too-many-streams.
                """)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithExamples(null, """
                event: snapshot
                data: {"marketId":"chat-70b.20261128T1400","bids":[],"asks":[{"price":"0.40","quantity":1000000,"orders":1}],"lastTradeSequence":0}

                event: trade
                id: 1
                data: {"sequence":1,"price":"0.40","quantity":400000,"matchedAt":"2026-11-28T09:15:02.118Z"}

                event: top
                data: {"bid":null,"ask":{"price":"0.40","quantity":600000,"orders":1}}

                """, "text/event-stream");

    private static async Task<IResult> Stream(
        string marketId, HttpContext context, KnownMarkets known, IGrainFactory grains, MarketFeedHub hub, StreamSlots slots,
        IOptions<ApiOptions> options, IOptions<JsonOptions> json)
    {
        if (await known.FindAsync(marketId, context.RequestAborted) is null)
        {
            return Problem.NotFound("market");
        }

        using var slot = slots.TryTake(context.Caller().KeyId);
        if (slot is null)
        {
            return Problem.Rejected(RejectCode.TooManyStreams,
                $"At most {options.Value.MaxStreamsPerKey} live streams per key ({options.Value.MaxStreamsPerSilo} in all) are served at once; close one first.");
        }

        var serializer = json.Value.SerializerOptions;
        var response = context.Response;
        var cancel = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";

        var client = new FeedClient(options.Value.StreamBufferEvents);
        try
        {
            // Inside the try: a join that fails half-way still leaves the relay.
            await hub.JoinAsync(marketId, client);
            await Snapshot("snapshot");
            while (!cancel.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                wait.CancelAfter(KeepAlive);
                bool ready;
                try
                {
                    ready = await client.Updates.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancel);
                    await response.Body.FlushAsync(cancel);
                    continue;
                }

                if (!ready)
                {
                    break;
                }

                if (client.TakeLost())
                {
                    await Snapshot("resync");
                    continue;
                }

                while (client.Updates.TryRead(out var update))
                {
                    foreach (var trade in update.Trades)
                    {
                        await Event("trade", trade.Sequence, new TradeResponse(trade.Sequence, ApiFormat.Price(trade.PriceMicros), trade.Quantity, trade.MatchedAt));
                    }

                    await Event("top", null, Top(update.Top));
                }

                await response.Body.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            await hub.LeaveAsync(marketId, client);
        }

        return Results.Empty;

        async Task Snapshot(string name)
        {
            var book = await grains.GetGrain<IMarketGrain>(marketId).GetBook(10);
            await Event(name, null, BookResponse.From(book));
            await response.Body.FlushAsync(cancel);
        }

        async Task Event(string name, long? id, object data)
        {
            var payload = JsonSerializer.Serialize(data, serializer);
            var text = id is { } sequence ? $"event: {name}\nid: {sequence}\ndata: {payload}\n\n" : $"event: {name}\ndata: {payload}\n\n";
            await response.WriteAsync(text, cancel);
        }
    }

    private static object Top(TopOfBook top) => new
    {
        Bid = top.Bid is { } bid ? LevelResponse.From(bid) : null,
        Ask = top.Ask is { } ask ? LevelResponse.From(ask) : null,
    };
}
