using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

/// <summary>A real silo process (the built Exchange.Silo.dll) on loopback ports of its own.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, int httpPort, int siloPort, int gatewayPort)
    {
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts a silo against <paramref name="connectionString"/> with membership tuned to notice a dead peer in seconds.</summary>
    public static SiloProcess Start(string connectionString, string clusterId, params string[] extraArguments)
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
        start.ArgumentList.Add($"--Silo:ClusterId={clusterId}");
        start.ArgumentList.Add($"--Silo:ServiceId={clusterId}");
        // Quicker than production, yet loose enough that a busy two-core machine does not vote a live silo dead.
        start.ArgumentList.Add("--Orleans:Membership:ProbeTimeout=00:00:03");
        start.ArgumentList.Add("--Orleans:Membership:NumMissedProbesLimit=3");
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Exchange"] = connectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        // As scripts/run.sh starts a silo: a restarted silo reaches optimized code within seconds under load.
        start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";

        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the silo.");
        var silo = new SiloProcess(process, ports[0], ports[1], ports[2]);
        process.OutputDataReceived += (_, e) => silo.Record(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200; fails with the silo's output when it does not.</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.HoldsAsync($"silo on port {HttpPort} to be ready", timeout ?? TimeSpan.FromSeconds(90), async () =>
            {
                if (HasExited)
                {
                    throw new InvalidOperationException($"Silo exited with code {_process.ExitCode}.");
                }

                using var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative));
                return response.IsSuccessStatusCode;
            }, TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nSilo output:\n{Output}", ex);
        }
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
