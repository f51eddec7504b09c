using ResolutionWorkflow.Benchmarks;

return await Harness.RunAsync(args);
