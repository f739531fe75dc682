using System.Diagnostics;

namespace Exchange.LoadGenerator;

/// <summary>A load run's timing: every caller starts at once, a warm-up passes unmeasured, then the timed window; callers record only while it is open.</summary>
internal sealed class MeasuredWindow : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _open;

    /// <summary>Whether results count now.</summary>
    public bool IsOpen => Volatile.Read(ref _open) == 1;

    /// <summary>Cancelled once the window has closed: callers stop.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>What a window measured besides the callers' own records.</summary>
    internal sealed record Measured(double Seconds, CpuMeter? Cpu, PostgresMeter? Postgres);

    /// <summary>Runs the configured number of concurrent callers through the warm-up and the timed window; returns its length and CPU use.</summary>
    public static async Task<Measured> RunAsync(LoadOptions options, Func<int, MeasuredWindow, Task> caller)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var window = new MeasuredWindow();
        var callers = Enumerable.Range(0, options.Concurrency).Select(index => Task.Run(() => caller(index, window))).ToArray();
        await Task.Delay(options.Warmup);
        var postgres = await PostgresMeter.StartAsync(options.ConnectionString);
        var cpu = CpuMeter.Start(options.SiloPid);
        Volatile.Write(ref window._open, 1);
        var clock = Stopwatch.StartNew();
        await Task.Delay(options.Duration);
        Volatile.Write(ref window._open, 0);
        var seconds = clock.Elapsed.TotalSeconds;
        cpu?.Stop();
        if (postgres is not null)
        {
            await postgres.StopAsync();
        }

        await window._stop.CancelAsync();
        await Task.WhenAll(callers);
        return new Measured(seconds, cpu, postgres);
    }

    public void Dispose() => _stop.Dispose();
}
