using System.Text.Json;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Deployment;

/// <summary>
/// infra/deploy/ is kept honest: no container runtime runs here, so the published application is
/// started once per application service of compose.yaml, with exactly the environment and command
/// the file gives it — only the service names and ports are pointed at the local PostgreSQL,
/// RabbitMQ and an SMTP server — and each must become ready in the role the file gives it.
/// </summary>
[Trait("Category", "Server")]
[Trait("Category", "Cluster")]
public sealed class ComposeFileTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "infra", "deploy");

    [Fact]
    public async Task Each_application_service_of_the_compose_file_starts_with_its_environment_and_becomes_ready_in_its_role()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var vhost = await RabbitVirtualHost.CreateAsync();
        await using var smtp = new TestSmtpServer();
        var compose = ComposeFile.Load(Path.Combine(Folder, "compose.yaml"));
        var local = new DeployedEnvironment(db, vhost, smtp.Port);
        var data = Path.Combine(Path.GetTempPath(), "rw-deploy-" + Guid.NewGuid().ToString("N"));
        var nodes = new List<AppProcess>();
        try
        {
            // Both at once, as compose starts them: they race to migrate the same empty database.
            foreach (var name in new[] { "web", "worker" })
            {
                var service = compose[name];
                var port = AppProcess.FreePort();
                var environment = local.Of(service, port, Path.Combine(data, name));
                nodes.Add(await AppProcess.StartAsync(name, service.Command, environment, new Uri($"http://127.0.0.1:{port}"), Path.Combine(data, "logs")));
            }
            foreach (var node in nodes)
            {
                var health = await node.WaitReadyAsync(TimeSpan.FromSeconds(120));
                var role = compose[node.Name].Command.SkipWhile(a => a != "--role").ElementAt(1);
                Assert.Equal(role, health.GetProperty("role").GetString());
                Assert.All(health.GetProperty("checks").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
                var runs = health.GetProperty("runs").EnumerateArray().Select(r => r.GetString()).ToList();
                Assert.Equal(role == "web", runs.Contains("api"));
                Assert.Equal(role == "worker", runs.Contains("outbox-relay"));
            }

            // The web node serves the API (and asks who is calling); the worker serves nothing but its health.
            using var http = new HttpClient();
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(nodes[0].Address, "/api/resolutions"))).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri(nodes[1].Address, "/api/resolutions"))).StatusCode);

            // Stopped as an orchestrator stops them: SIGTERM, a clean exit well inside the file's grace period.
            foreach (var node in nodes) { Assert.Equal(0, await node.StopAsync(TimeSpan.FromSeconds(40))); }
        }
        finally
        {
            foreach (var node in nodes) { await node.DisposeAsync(); }
            if (Directory.Exists(data)) { Directory.Delete(data, recursive: true); }
        }
    }

    [Fact]
    public void The_file_runs_the_image_the_dockerfile_builds_and_names_every_server_the_application_needs()
    {
        var compose = ComposeFile.Load(Path.Combine(Folder, "compose.yaml"));
        Assert.Superset(new HashSet<string> { "web", "worker", "postgres", "rabbitmq", "smtp" }, compose.ServiceNames.ToHashSet());
        Assert.Equal(["--role", "web"], compose["web"].Command);
        Assert.Equal(["--role", "worker"], compose["worker"].Command);
        // What AppProcess starts is what the image starts.
        var entrypoint = File.ReadLines(Path.Combine(Folder, "Dockerfile")).Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Equal(["dotnet", "ResolutionWorkflow.Web.dll"], JsonSerializer.Deserialize<string[]>(entrypoint["ENTRYPOINT ".Length..])!);

        // The SQL Server alternative switches both roles to it and brings the server.
        var sqlServer = ComposeFile.Load(Path.Combine(Folder, "compose.sqlserver.yaml"));
        Assert.Contains("sqlserver", sqlServer.ServiceNames);
        foreach (var role in new[] { "web", "worker" })
        {
            var environment = sqlServer[role].EnvironmentWith(new Dictionary<string, string> { ["RW_SQLSERVER_PASSWORD"] = "x" });
            Assert.Equal("SqlServer", environment["Database__Provider"]);
            Assert.Contains("Server=sqlserver,1433", environment["Database__ConnectionString"], StringComparison.Ordinal);
        }
    }
}
