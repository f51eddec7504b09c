using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddResolutionWeb();
    var app = builder.Build();
    app.UseResolutionWeb();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is SettingsException or DatabaseStartupException)
{
    // A wrong setting or an unusable database: one line an operator can act on, not a stack trace.
    Console.Error.WriteLine($"resolution-workflow cannot start: {e.Message}");
    return 2;
}

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
