using System.Text.Json;
using Npgsql;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Deployment;

/// <summary>
/// infra/deploy/ is kept honest: no container runtime runs here, so the published application is
/// started once per application service of compose.yaml, with exactly the environment and command
/// the file gives it — only the service names and ports are pointed at the local PostgreSQL,
/// RabbitMQ and an SMTP server — and each must become ready in the role the file gives it.
/// </summary>
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
        var local = new LocalServers(db, vhost, smtp.Port);
        var data = Path.Combine(Path.GetTempPath(), "rw-deploy-" + Guid.NewGuid().ToString("N"));
        var nodes = new List<AppProcess>();
        try
        {
            // Both at once, as compose starts them: they race to migrate the same empty database.
            foreach (var name in new[] { "web", "worker" })
            {
                var service = compose[name];
                var port = AppProcess.FreePort();
                var environment = local.Point(service.EnvironmentWith(local.Variables), port, Path.Combine(data, name));
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

    /// <summary>The compose variables an operator sets, filled with the local servers' credentials, and the one place that maps service names to them.</summary>
    private sealed class LocalServers(PostgresTestDatabase db, RabbitVirtualHost vhost, int smtpPort)
    {
        private readonly NpgsqlConnectionStringBuilder _postgres = new(db.Options.ConnectionString);

        public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
        {
            ["RW_DB_NAME"] = _postgres.Database!,
            ["RW_DB_USER"] = _postgres.Username!,
            ["RW_DB_PASSWORD"] = _postgres.Password!,
            ["RW_RABBITMQ_VHOST"] = vhost.Name,
            ["RW_RABBITMQ_USER"] = vhost.User,
            ["RW_RABBITMQ_PASSWORD"] = vhost.Password,
            ["RW_BASE_URL"] = "https://resolutions.example.org/",
        };

        /// <summary>Replaces the service names (and container ports) in <paramref name="environment"/> by the local servers; fails if the file no longer has them where expected.</summary>
        public Dictionary<string, string> Point(Dictionary<string, string> environment, int httpPort, string dataFolder)
        {
            Replace(environment, "ASPNETCORE_URLS", "http://+:8080", $"http://127.0.0.1:{httpPort}");
            Replace(environment, "Database__ConnectionString", "Host=postgres;Port=5432;", $"Host={_postgres.Host};Port={_postgres.Port};");
            Replace(environment, "Database__DataFolder", "/var/lib/resolution-workflow", dataFolder);
            Replace(environment, "Messaging__RabbitMq__Host", "rabbitmq", vhost.Server.Host);
            Replace(environment, "Mail__Smtp__Host", "smtp", "127.0.0.1");
            Replace(environment, "Mail__Smtp__Port", "25", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return environment;
        }

        private static void Replace(Dictionary<string, string> environment, string key, string part, string by)
        {
            Assert.True(environment.TryGetValue(key, out var value) && value.Contains(part, StringComparison.Ordinal), $"compose.yaml: {key} should contain '{part}' (the test points it at the local server)");
            environment[key] = value!.Replace(part, by, StringComparison.Ordinal);
        }
    }
}
