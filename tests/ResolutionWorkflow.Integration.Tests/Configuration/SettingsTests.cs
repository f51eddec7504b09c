using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Deadlines;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Configuration;

/// <summary>A wrong setting stops start-up with one line naming the key and what is allowed.</summary>
public sealed class SettingsTests
{
    private static IConfiguration With(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Theory]
    [InlineData("Deadlines:PollSecond", "5", "Deadlines:PollSecond is not a setting; Deadlines has ")]
    [InlineData("Deadlines:PollSeconds", "abc", "'Deadlines:PollSeconds'")]
    [InlineData("Deadlines:PollSeconds", "0", "Deadlines:PollSeconds: must be a whole number of seconds from 1 to 59")]
    [InlineData("Journal:CheckMinutes", "60", "Journal:CheckMinutes: must be a whole number of minutes from 1 to 59")]
    [InlineData("Retention:SentMail", "02:00:00", "Retention:SentMail: must be at least one day")]
    [InlineData("Mail:BaseUrl", "resolutions.example", "Mail:BaseUrl: must be the absolute http or https address")]
    [InlineData("Mail:Smtp:Hots", "mail.example", "Mail:Smtp:Hots is not a setting; Mail:Smtp has Host, Port")]
    [InlineData("Messaging:Attempts", "0", "Messaging:Attempts: must be from 1 to 100")]
    [InlineData("Database:Provder", "PostgreSql", "Database:Provder is not a setting")]
    [InlineData("Database:GroupCommitSize", "0", "Database:GroupCommitSize: must be from 1 to 1000")]
    [InlineData("Deadlines:OrphanedJobAfter", "00:00:01", "Deadlines:OrphanedJobAfter: must be from 00:00:05 to 1.00:00:00")]
    [InlineData("Deadlines:StaleLockAfter", "01:00:00", "Deadlines:StaleLockAfter: must be from 00:00:05 to 00:10:00")]
    [InlineData("Role", "frontend", "Role: 'frontend' is not a role; use web, worker or all")]
    [InlineData("Role", "web", "Role: web runs apart from the other role only on a server database and RabbitMQ")]
    [InlineData("Role", "worker", "Role: worker runs apart from the other role only on a server database and RabbitMQ")]
    public void The_composition_refuses_a_wrong_setting_naming_its_key(string key, string value, string expected)
    {
        var error = Assert.Throws<SettingsException>(() => new ServiceCollection().AddResolutionWorkflow(With((key, value)), Repository.Workflows));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Settings_that_exist_are_read_whatever_their_case()
    {
        var options = Settings.Read<DeadlineOptions>(With(("Deadlines:pollseconds", "7"), ("Deadlines:Lease", "00:05:00")), DeadlineOptions.Section);
        Assert.Equal(7, options.PollSeconds);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Lease);
    }
}
