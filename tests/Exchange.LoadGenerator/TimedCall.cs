using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Kiota.Abstractions;

namespace Exchange.LoadGenerator;

/// <summary>One call of an HTTP load, recorded while the window is open: its latency when acknowledged, or a failure with the status the exchange refused it with.</summary>
internal static class TimedCall
{
    /// <summary>Runs <paramref name="call"/>; false once the window is stopping and the caller should return.</summary>
    public static async Task<bool> RunAsync(MeasuredWindow window, LatencyRecorder recorder, ConcurrentDictionary<int, int> refusals, Func<CancellationToken, Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await call(window.Stopping);
            if (window.IsOpen)
            {
                recorder.Record(Stopwatch.GetElapsedTime(started));
            }
        }
        catch (ApiException refusal) when (!window.Stopping.IsCancellationRequested)
        {
            if (window.IsOpen)
            {
                recorder.Fail();
                refusals.AddOrUpdate(refusal.ResponseStatusCode, 1, (_, n) => n + 1);
            }
        }
        catch (OperationCanceledException) when (window.Stopping.IsCancellationRequested)
        {
            return false;
        }

        return true;
    }
}
