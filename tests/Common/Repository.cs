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
}
