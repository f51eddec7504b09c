namespace ResolutionWorkflow.Tests.Common;

/// <summary>Finds files of the checkout, so tests read the shipped workflows, not copies.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Workflows => Path.Combine(Root, "workflows");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResolutionWorkflow.sln"))) { return dir.FullName; }
        }
        throw new InvalidOperationException("ResolutionWorkflow.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A scratch copy of the workflows folder that a test may break.</summary>
    public static string CopyOfWorkflows()
    {
        var target = Path.Combine(Path.GetTempPath(), "rw-workflows-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(Workflows, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Workflows, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    /// <summary>A copy of the workflows whose council resolution (the current version) takes detached CMS signatures at its signing stage.</summary>
    public static string CopyOfWorkflowsSigningWithCms()
    {
        var workflows = CopyOfWorkflows();
        var file = Path.Combine(workflows, "definitions", "council-of-ministers-resolution.v4.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        json["stages"]!.AsArray().Single(s => (string?)s!["kind"] == "signing")!["signature"] = "cms";
        File.WriteAllText(file, json.ToJsonString());
        return workflows;
    }
}
