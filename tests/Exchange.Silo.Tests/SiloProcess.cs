using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

/// <summary>
/// A real silo process (the built Exchange.Silo.dll) on loopback ports of its own. Ports are found free and released
/// before the silo binds them, so another process may take one in between: a silo that exits on a port clash before it
/// was ready is started again on other ports (its ports and <see cref="Http"/> change then), any other early exit fails at once.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int MaxStarts = 3;

    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _connectionString;
    private readonly string _clusterId;
    private readonly string[] _extraArguments;
    private Process _process = null!;
    private int _starts;

    private SiloProcess(string connectionString, string clusterId, string[] extraArguments)
    {
        _connectionString = connectionString;
        _clusterId = clusterId;
        _extraArguments = extraArguments;
        Launch();
    }

    public int HttpPort { get; private set; }

    public int SiloPort { get; private set; }

    public int GatewayPort { get; private set; }

    public HttpClient Http { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts a silo against <paramref name="connectionString"/> with membership tuned to notice a dead peer in seconds.</summary>
    public static SiloProcess Start(string connectionString, string clusterId, params string[] extraArguments) =>
        new(connectionString, clusterId, extraArguments);

    /// <summary>Waits until <c>/readyz</c> answers 200; fails with the silo's output when it does not, or when the silo exits first.</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                if (_starts < MaxStarts && Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    Launch();
                    continue;
                }

                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was ready.\nSilo output:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"Waited {(timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds:0} s for silo on port {HttpPort} to be ready; it never happened.\nSilo output:\n{Output}");
    }

    /// <summary>Freezes the process with SIGSTOP: it holds its sockets and state but does nothing, as a process stuck in a long pause would.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>Lets a frozen process go on with SIGCONT, unaware that time passed.</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>Kills the process with SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Launch()
    {
        var ports = FreePorts.Take(3);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(SiloDll);
        start.ArgumentList.Add($"--Urls=http://127.0.0.1:{ports[0]}");
        start.ArgumentList.Add($"--Silo:SiloPort={ports[1]}");
        start.ArgumentList.Add($"--Silo:GatewayPort={ports[2]}");
        start.ArgumentList.Add($"--Silo:ClusterId={_clusterId}");
        start.ArgumentList.Add($"--Silo:ServiceId={_clusterId}");
        // Quicker than production, yet loose enough that a busy two-core machine does not vote a live silo dead.
        start.ArgumentList.Add("--Orleans:Membership:ProbeTimeout=00:00:03");
        start.ArgumentList.Add("--Orleans:Membership:NumMissedProbesLimit=3");
        foreach (var argument in _extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Exchange"] = _connectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        // As scripts/run.sh starts a silo: a restarted silo reaches optimized code within seconds under load.
        start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";

        if (_starts > 0)
        {
            Record($"-- started again on other ports (start {_starts + 1}): the last one clashed over a port");
            Http.Dispose();
            _process.Dispose();
        }

        (HttpPort, SiloPort, GatewayPort) = (ports[0], ports[1], ports[2]);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(10) };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the silo.");
        _starts++;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Signal(string signal)
    {
        // The silo runs in this very process (dotnet hosts the app itself), so one signal reaches it all.
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with {kill.ExitCode}.");
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    private static string SiloDll
    {
        get
        {
            var configuration = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BuildConfiguration").Value!;
            var path = RepositoryPaths.Combine("src", "Exchange.Silo", "bin", configuration, "net10.0", "Exchange.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the silo first.", path);
        }
    }
}
