namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>
/// Where the test servers are. A test that needs one skips with the reason when it is absent,
/// unless RW_REQUIRE_SERVERS=1 (set by CI), which turns the skip into a failure.
/// </summary>
public static class Servers
{
    public const string PostgresVariable = "RW_TEST_POSTGRES";
    public const string RabbitVariable = "RW_TEST_RABBITMQ";
    public const string RabbitPartyVariable = "RW_TEST_RABBITMQ_PARTY";

    public static bool Required => Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1";

    /// <summary>The admin connection string of the test PostgreSQL (a role that may create databases).</summary>
    public static string Postgres() => Require(PostgresVariable, "PostgreSQL");

    /// <summary>amqp:// URI of the application's RabbitMQ user.</summary>
    public static Uri RabbitMq() => new(Require(RabbitVariable, "RabbitMQ"));

    /// <summary>amqp:// URI of the by-minfin party user, whose rights end at "by-minfin.…".</summary>
    public static Uri RabbitMqParty() => new(Require(RabbitPartyVariable, "RabbitMQ (party user)"));

    private static string Require(string variable, string server)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value)) { return value; }
        var reason = $"{server} is not configured: set {variable} (infra/test-services.sh starts one; source infra/test-env.sh)";
        if (Required) { Assert.Fail(reason + " — RW_REQUIRE_SERVERS=1 forbids skipping"); }
        Assert.Skip(reason);
        return null!;
    }
}
