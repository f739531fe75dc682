using BenchmarkDotNet.Running;
using Exchange.Benchmarks;
using Exchange.Benchmarks.Workloads;

return args.Length == 0 ? RunMicroBenchmarks(args) : args[0] switch
{
    "throughput" or "constrained" or "memory" => HarnessCommandLine.Run(args),
    "gen" => GenerateCommandLine.Run(args),
    _ => RunMicroBenchmarks(args),
};

static int RunMicroBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(HarnessCommandLine).Assembly).Run(args);
    return 0;
}
