using BenchmarkDotNet.Running;
using Exchange.Benchmarks;

return args.Length > 0 && args[0] is "throughput" or "constrained" or "memory"
    ? HarnessCommandLine.Run(args)
    : RunMicroBenchmarks(args);

static int RunMicroBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(HarnessCommandLine).Assembly).Run(args);
    return 0;
}
