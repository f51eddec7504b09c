using ResolutionWorkflow.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddResolutionWeb();
var app = builder.Build();
app.UseResolutionWeb();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
