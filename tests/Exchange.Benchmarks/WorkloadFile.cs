using System.Globalization;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>Reads a workload file into memory before anything is timed.</summary>
public static class WorkloadFile
{
    public static WorkloadCommand[] Load(string path)
    {
        var commands = new List<WorkloadCommand>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                commands.Add(Parse(line));
            }
            catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException)
            {
                throw new FormatException($"{path}:{lineNumber}: cannot parse \"{line}\": {e.Message}", e);
            }
        }
        return [.. commands];
    }

    private static WorkloadCommand Parse(string line)
    {
        string[] f = line.Split(',');
        return f[0] switch
        {
            "A" => new WorkloadCommand(WorkloadKind.Limit, SideOf(f[2]), Number(f[1]), Number(f[3]), Number(f[4])),
            "M" => new WorkloadCommand(WorkloadKind.Market, SideOf(f[2]), Number(f[1]), 0, Number(f[3])),
            "C" => new WorkloadCommand(WorkloadKind.Cancel, Side.Buy, Number(f[1]), 0, 0),
            _ => throw new FormatException($"unknown command '{f[0]}'"),
        };
    }

    private static long Number(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static Side SideOf(string text) => text switch
    {
        "B" => Side.Buy,
        "S" => Side.Sell,
        _ => throw new FormatException($"side must be B or S, got '{text}'"),
    };
}
