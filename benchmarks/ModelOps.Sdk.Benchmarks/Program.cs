using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// The telemetry cost of the ML.NET scorer measured in pairs inside one process (see PairedTelemetryOverhead).
if (args is ["paired-telemetry", .. var modes])
{
    ModelOps.Sdk.Benchmarks.PairedTelemetryOverhead.Run(modes);
    return;
}

// One class or method at a time: dotnet run -c Release --project benchmarks/ModelOps.Sdk.Benchmarks -- --filter '*Resolve*'
// BenchmarkDotNet builds each job's generated project before it runs; its default limit of two minutes is too short for this
// solution on a two-core machine that is doing anything else (the build is killed and every row reads NA).
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
