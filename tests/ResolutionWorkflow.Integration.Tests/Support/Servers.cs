namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>
/// Where the test servers are. A test that needs one skips with the reason when it is absent,
/// unless RW_REQUIRE_SERVERS=1 (set by CI), which turns the skip into a failure.
/// </summary>
public static class Servers
{
    public const string PostgresVariable = "RW_TEST_POSTGRES";

    public static bool Required => Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1";

    /// <summary>The admin connection string of the test PostgreSQL (a role that may create databases).</summary>
    public static string Postgres()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(value)) { return value; }
        const string reason = $"PostgreSQL is not configured: set {PostgresVariable} (infra/test-services.sh starts one; source infra/test-env.sh)";
        if (Required) { Assert.Fail(reason + " — RW_REQUIRE_SERVERS=1 forbids skipping"); }
        Assert.Skip(reason);
        return null!;
    }
}
