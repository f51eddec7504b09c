using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Hosting;
using ResolutionWorkflow.Web.Health;
using ResolutionWorkflow.Web.Telemetry;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Accounts;
using ResolutionWorkflow.Web.Api;
using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web;

/// <summary>The web host's composition: the application's features plus accounts, pages, the API, health and the dashboard.</summary>
public static class WebComposition
{
    public static void AddResolutionWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var workflows = builder.Configuration["Workflows:Folder"] ?? FindWorkflows(builder.Environment.ContentRootPath);
        builder.Services.AddResolutionWorkflow(builder.Configuration, workflows);
        builder.AddAccounts();
        builder.Services.AddScoped<CommandGateway>();
        builder.Services.AddSingleton<ResolutionQueries>();
        builder.Services.AddSingleton(Settings.Read<SearchOptions>(builder.Configuration, SearchOptions.Section));
        builder.Services.AddSingleton(Settings.Read<Network.ProxyOptions>(builder.Configuration, Network.ProxyOptions.Section));
        builder.Services.AddSingleton<ResolutionSearch>();
        builder.Services.AddSingleton<Monitoring.Dashboard>();
        builder.Services.AddTransient<Monitoring.DigestJob>();
        builder.Services.AddScoped<DemoData>();
        builder.Services.AddHostedService<DemoStartup>();
        builder.Services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/").AllowAnonymousToPage("/Account/Login").AllowAnonymousToPage("/Account/External").AllowAnonymousToPage("/Error"))
            .AddApplicationPart(typeof(WebComposition).Assembly);
        // Russian text stays readable in the page source; markup characters are still encoded.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
            System.Text.Unicode.UnicodeRanges.BasicLatin, System.Text.Unicode.UnicodeRanges.Latin1Supplement,
            System.Text.Unicode.UnicodeRanges.Cyrillic, System.Text.Unicode.UnicodeRanges.GeneralPunctuation, System.Text.Unicode.UnicodeRanges.LetterlikeSymbols)); // № of protocols and acts
        // A body the framework cannot read says why, the same way for every command: the JSON error names
        // the field and position; an empty or null body (no JSON error) is named as such, at the root.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (c.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad)
            {
                var json = bad.InnerException as System.Text.Json.JsonException;
                var path = json?.Path is { Length: > 0 } p ? p : "$";
                // The framework's words for a body that is missing or null ("…no body was provided", "…was not provided from body").
                var problem = json?.Message ?? (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
                    ? "the request has no command: its body is empty or null; send the command as a JSON object" : bad.Message);
                c.ProblemDetails.Title = "invalidInput";
                c.ProblemDetails.Detail = problem;
                c.ProblemDetails.Extensions["code"] = "invalidInput";
                c.ProblemDetails.Extensions["field"] = path;
                c.ProblemDetails.Extensions["errors"] = new[] { new { path, problem } };
            }
        });
        // Minimal APIs throw a bad request (so it becomes the problem above) only in Development unless told to.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddResolutionOpenApi();
        var role = NodeRoles.Read(builder.Configuration);
        builder.Services.AddNodeHealth(role);
        builder.AddResolutionTelemetry(role);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // A missing or null required field is the caller's 400, not a null deep inside a command.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
    }

    public static void UseResolutionWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Behind trusted proxies the client's own address is what sign-in limits count, not the proxy's.
        if (app.Services.GetRequiredService<Network.ProxyOptions>() is { Any: true } proxies) { app.UseForwardedHeaders(proxies.ToForwardedHeaders()); }
        // A request the framework cannot read (bad JSON, too large) is the caller's error: its own 4xx.
        // Programs get problem details; a person's browser gets a page in their language, status kept.
        static int StatusOf(Exception e) => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        app.UseWhen(ForPrograms, api =>
        {
            // A caller's bad request is answered, not logged as a failure of the service.
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusOf, SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException });
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !ForPrograms(c), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", StatusCodeSelector = StatusOf });
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.Use(async (context, next) =>
        {
            // Everything is served from here: no CDN, no inline script.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            await next(context).ConfigureAwait(false);
        });
        // Routing after the error handlers, so a re-executed error page is routed afresh.
        app.UseRouting();
        var role = app.Services.GetRequiredService<ThisNode>().Role;
        // Every role answers for its health, with what it runs; a worker serves nothing else.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = NodeHealth.Writer(role) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = NodeHealth.Writer(role) }).AllowAnonymous();
        if (role.RunsWorker())
        {
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Monitoring.DigestJob>(
                Monitoring.DigestJob.RecurringJobId, j => j.SendAsync(CancellationToken.None), app.Configuration["Monitoring:DigestCron"] ?? "0 7 * * *");
        }
        if (role.RunsWeb()) { MapPagesAndApi(app); }
        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));
    }

    private static void MapPagesAndApi(WebApplication app)
    {
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapResolutionApi();
        app.MapGet("/dashboard/export.csv", async (string list, [Microsoft.AspNetCore.Http.AsParameters] ExportFilter f, Monitoring.Dashboard dashboard, CancellationToken ct) =>
        {
            var csv = list switch
            {
                "stages" => Monitoring.Dashboard.Csv(await dashboard.ByStageAsync(ct).ConfigureAwait(false)),
                "blocking" => Monitoring.Dashboard.Csv(await dashboard.BlockingPartiesAsync(ct).ConfigureAwait(false)),
                "stuck" => Monitoring.Dashboard.Csv(await dashboard.StuckAsync(ct).ConfigureAwait(false)),
                "stage-time" => Monitoring.Dashboard.Csv(await dashboard.TimeInStageAsync(ct).ConfigureAwait(false)),
                "flow" => Monitoring.Dashboard.Csv(await dashboard.WeeklyFlowAsync(ct).ConfigureAwait(false)),
                _ => Monitoring.Dashboard.Csv(await dashboard.AllOpenTasksAsync(new Monitoring.TaskFilter(f.Definition, f.Stage, f.Country, f.Party, f.OverdueOnly ?? false, null), ct).ToListAsync(ct).ConfigureAwait(false)),
            };
            return Results.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", $"{list}.csv");
        }).RequireAuthorization(Accounts.Accounts.CoordinatorPolicy).WithName("exportDashboard").WithTags("Monitoring")
          .WithSummary("A dashboard list as CSV (UTF-8 with BOM): stages, blocking, stuck, stage-time, flow, or the open tasks with their filters (coordinators)")
          .Produces(200, contentType: "text/csv").ProducesProblem(401).ProducesProblem(403);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/language/{lang}", (string lang, string? returnUrl, HttpContext context) =>
        {
            context.Response.Cookies.Append(Localization.Text.Cookie, lang == "en" ? "en" : "ru", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new CoordinatorsOnly()], AppPath = "/" });
    }

    /// <summary>Paths read by programs, answered with problem details rather than pages.</summary>
    private static bool ForPrograms(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/health")
        || context.Request.Path.StartsWithSegments("/openapi") || context.Request.Path.StartsWithSegments("/hangfire")
        || context.Request.Path.StartsWithSegments("/dashboard/export.csv");

    /// <summary>The filters of the open-task list, from the query string.</summary>
    public sealed record ExportFilter(string? Definition, string? Stage, string? Country, string? Party, bool? OverdueOnly);

    private static void PrintWelcome(WebApplication app)
    {
        var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"ResolutionWorkflow is running at {string.Join(", ", addresses)}");
        var mail = app.Services.GetRequiredService<MailOptions>();
        if (mail.BaseUrl is null)
        {
            // Links in mail must open somewhere: the address this node serves pages on, said out loud so an operator sets the public one.
            var listening = app.Services.GetRequiredService<ThisNode>().Role.RunsWeb() ? addresses.FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal)) : null;
            mail.BaseUrl = listening is null ? MailOptions.FallbackBaseUrl : ReachableForm(listening);
            Console.WriteLine($"Links in mail point to {mail.BaseUrl}; set Mail__BaseUrl to the address people open.");
        }
        if (DemoStartup.Accounts.Count > 0)
        {
            Console.WriteLine($"Demo accounts (password {DemoData.Password}):");
            foreach (var (user, roles, organisation) in DemoStartup.Accounts) { Console.WriteLine($"  {user,-36} {roles,-26} {organisation}"); }
        }
    }

    /// <summary>An address bound to every interface (0.0.0.0, [::], +, *) names this machine instead.</summary>
    private static string ReachableForm(string listening)
    {
        var wildcard = System.Text.RegularExpressions.Regex.Match(listening, @"^(https?://)(0\.0\.0\.0|\[::\]|\+|\*)(.*)$");
        var url = wildcard.Success ? wildcard.Groups[1].Value + Environment.MachineName.ToLowerInvariant() + wildcard.Groups[3].Value : listening;
        return url.EndsWith('/') ? url : url + "/";
    }

    /// <summary>The <c>workflows</c> folder next to the content root or above it (a clone run with <c>dotnet run --project</c>).</summary>
    private static string FindWorkflows(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (Directory.Exists(Path.Combine(candidate, "definitions"))) { return candidate; }
        }
        throw new InvalidOperationException($"no workflows folder found above {start}; set Workflows__Folder");
    }

    private sealed class CoordinatorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && (user.IsInRole("coordinator") || user.IsInRole("administrator"));
        }
    }
}

/// <summary>Creates the demo accounts and resolutions on the embedded default, after the database is ready.</summary>
internal sealed class DemoStartup(IServiceProvider services, IConfiguration configuration, DatabaseOptions database) : IHostedService
{
    public static IReadOnlyList<(string User, string Roles, string Organisation)> Accounts { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var enabled = configuration.GetValue<bool?>("Demo:Enabled") ?? database.Provider == DatabaseProvider.Sqlite;
        if (!enabled) { return; }
        using var scope = services.CreateScope();
        Accounts = await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
