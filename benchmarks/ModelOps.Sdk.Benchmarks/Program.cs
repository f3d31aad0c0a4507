using BenchmarkDotNet.Running;

// One class or method at a time: dotnet run -c Release --project benchmarks/ModelOps.Sdk.Benchmarks -- --filter '*Resolve*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
