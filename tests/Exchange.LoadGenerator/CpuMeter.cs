using System.Diagnostics;
using System.Globalization;

namespace Exchange.LoadGenerator;

/// <summary>
/// CPU time spent over the measured window, per acknowledged order: the whole machine, the silo and this load generator
/// (the rest is mostly PostgreSQL). On a noisy virtual machine throughput swings by a fifth from run to run; CPU per order
/// swings far less, so it is what tells one build from another. Linux only (it reads /proc); elsewhere it stays silent.
/// </summary>
internal sealed class CpuMeter
{
    // /proc reports CPU time in USER_HZ ticks, 100 a second on every Linux this runs on.
    private const double TicksPerSecond = 100;

    private readonly int? _siloPid;
    private readonly Sample _start;
    private Sample? _end;

    private CpuMeter(int? siloPid)
    {
        _siloPid = siloPid;
        _start = Take(siloPid);
    }

    private readonly record struct Sample(double MachineSeconds, double SiloSeconds, double OwnSeconds);

    /// <summary>Starts measuring now; null where /proc cannot be read.</summary>
    public static CpuMeter? Start(int? siloPid) => File.Exists("/proc/stat") ? new CpuMeter(siloPid) : null;

    /// <summary>Ends the measurement now.</summary>
    public void Stop() => _end ??= Take(_siloPid);

    /// <summary>The line to print for the CPU used between start and stop, spread over <paramref name="orders"/>.</summary>
    public string Report(long orders)
    {
        var end = _end ?? Take(_siloPid);
        double PerOrder(double seconds) => orders == 0 ? 0 : seconds * 1e6 / orders;
        var machine = end.MachineSeconds - _start.MachineSeconds;
        var silo = end.SiloSeconds - _start.SiloSeconds;
        var own = end.OwnSeconds - _start.OwnSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU us_per_order machine={PerOrder(machine):0} silo={(_siloPid is null ? "?" : PerOrder(silo).ToString("0", CultureInfo.InvariantCulture))} load_generator={PerOrder(own):0} rest={PerOrder(machine - silo - own):0}");
    }

    private static Sample Take(int? siloPid) =>
        new(MachineBusySeconds(), siloPid is { } pid ? ProcessSeconds(pid) : 0, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);

    // The first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal, ... in ticks.
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7)) / TicksPerSecond;
    }

    // Fields 14 and 15 of /proc/PID/stat are user and system time; the command name before them may hold spaces.
    private static double ProcessSeconds(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
