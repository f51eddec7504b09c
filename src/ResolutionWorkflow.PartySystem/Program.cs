using ResolutionWorkflow.PartySystem;

return await PartySystem.RunAsync(args, Console.Out, Console.Error);
