using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Cli;
using ResolutionWorkflow.Integration.Tests.Support;

namespace ResolutionWorkflow.Integration.Tests.Documents;

/// <summary>The administrator names the person behind an account from the command line; bad input or an unknown account changes nothing.</summary>
public sealed class AccountPersonCommandTests
{
    [Fact]
    public async Task A_person_is_named_with_position_address_and_language_and_bad_input_changes_nothing()
    {
        await using var db = new SqliteTestDatabase();
        var app = await AppHarness.StartAsync(db);
        await using (var context = await app.Contexts.CreateDbContextAsync())
        {
            context.Users.Add(new AppUser { UserName = "officer.by-minfin", Organisation = "by-minfin", DisplayName = "Минфин Беларуси" });
            await context.SaveChangesAsync();
        }
        string[] Args(params string[] rest) => ["account", "person", .. rest, "--provider", "sqlite", "--data", db.Folder];
        async Task<AppUser> Stored()
        {
            await using var context = await app.Contexts.CreateDbContextAsync();
            return await context.Users.AsNoTracking().SingleAsync(u => u.UserName == "officer.by-minfin");
        }

        var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(Args("officer.by-minfin", "--surname", "Андреева", "--given-name", "Марина", "--patronymic", "Викторовна",
            "--position", "Начальник правового управления", "--email", "andreeva@minfin.by.example", "--language", "ru"), output, TextWriter.Null));
        Assert.Contains("mail opens «Уважаемая Марина Викторовна!»", output.ToString(), StringComparison.Ordinal);
        var person = await Stored();
        Assert.Equal(("Андреева", "Марина", "Викторовна", "Начальник правового управления", "andreeva@minfin.by.example", "Андреева М. В."),
            (person.Surname, person.GivenName, person.Patronymic, person.Position, person.Email, person.DisplayName));

        foreach (var (bad, why) in new[]
        {
            (new[] { "--email", "не адрес" }, "is not a mail address"),
            (["--language", "de"], "use ru or en"),
            (["--surname", "Drop;Table"], "letters, hyphens and spaces only"),
            (["--given-name", "иван"], "from a capital letter"),
            (["--email", "Андреева <andreeva@minfin.by.example>"], "is not a mail address"),
            (["--position"], "unknown or incomplete option"),
        })
        {
            var error = new StringWriter();
            Assert.NotEqual(0, await CommandLine.RunAsync(Args(["officer.by-minfin", .. bad]), TextWriter.Null, error));
            Assert.Contains(why, error.ToString(), StringComparison.Ordinal);
        }
        var missing = new StringWriter();
        Assert.Equal(1, await CommandLine.RunAsync(Args("nobody", "--surname", "Иванов"), TextWriter.Null, missing));
        Assert.Contains("there is no account 'nobody'", missing.ToString(), StringComparison.Ordinal);
        Assert.Equal(("Андреева", "andreeva@minfin.by.example", "ru"), ((await Stored()).Surname, (await Stored()).Email, (await Stored()).Language));
    }
}
