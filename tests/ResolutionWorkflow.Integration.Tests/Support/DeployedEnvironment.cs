using Npgsql;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>
/// The deployment's compose variables filled with the local servers' credentials, and the one place
/// that points the file's service names (and container ports) at the local servers.
/// </summary>
public sealed class DeployedEnvironment(PostgresTestDatabase db, RabbitVirtualHost vhost, int smtpPort)
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

    /// <summary>The environment compose gives <paramref name="service"/>, pointed at the local servers.</summary>
    public Dictionary<string, string> Of(ComposeFile.Service service, int httpPort, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Point(service.EnvironmentWith(Variables), httpPort, dataFolder);
    }

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
