using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AkkaPay.Benchmarks.CellBenchmarks).Assembly).Run(args);
