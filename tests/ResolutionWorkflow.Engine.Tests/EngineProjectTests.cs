using System.Xml.Linq;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests;

public sealed class EngineProjectTests
{
    private static readonly string[] Forbidden = ["Microsoft.EntityFrameworkCore", "MassTransit", "Hangfire", "Microsoft.AspNetCore", "Npgsql", "MailKit"];

    [Fact]
    public void Engine_project_references_no_infrastructure_package()
    {
        var project = XDocument.Load(Path.Combine(Repository.Root, "src", "ResolutionWorkflow.Engine", "ResolutionWorkflow.Engine.csproj"));
        var references = project.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference")
            .Select(e => e.Attribute("Include")?.Value ?? "").ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, r => Forbidden.Any(f => r.Contains(f, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(references, r => r.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Engine_assembly_loads_no_infrastructure_assembly()
    {
        var referenced = typeof(Decider).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(referenced, r => Forbidden.Any(f => r.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }
}
