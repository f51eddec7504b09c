using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Cli;

/// <summary>
/// <c>account person USER --surname … --given-name … --patronymic … --position … --email … --language ru|en</c>:
/// the person behind an account, as mails greet them and the approval sheet names them.
/// <c>account certificate USER SUBJECT</c>: registers the subject of a signer's qualified certificate
/// on their account (a CMS signature is taken only from that certificate); <c>--clear</c> removes it.
/// </summary>
public static class AccountCommands
{
    public static async Task<int> CertificateAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = DatabaseCommands.ParseOptions(args, error, out var rest);
        if (options is null) { return 2; }
        if (rest is not [var user, var subject]) { error.WriteLine("usage: account certificate USER \"CN=…, O=…, C=RU\" | --clear"); return 2; }
        string? stored = null;
        if (subject != "--clear")
        {
            if (!Documents.Signatures.SubjectName.TryParse(subject, out var name, out var problem))
            {
                error.WriteLine($"'{subject}' is not a certificate subject (CN=…, O=…, C=…, as `openssl x509 -noout -subject` prints it): {problem}");
                return 1;
            }
            stored = Documents.Signatures.SubjectName.Print(name);
        }
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, options);
        await using var db = new ResolutionDbContext(builder.Options);
        var changed = await db.Users.Where(u => u.UserName == user).ExecuteUpdateAsync(u => u.SetProperty(x => x.CertificateSubject, stored));
        if (changed == 0) { error.WriteLine($"there is no account '{user}' in the {options.Describe()}"); return 1; }
        output.WriteLine(stored is null ? $"{user}: no certificate registered" : $"{user}: signs with the certificate of {stored}");
        return 0;
    }

    private static readonly HashSet<string> PersonOptions = new(StringComparer.Ordinal) { "--surname", "--given-name", "--patronymic", "--position", "--email", "--language" };

    public static async Task<int> PersonAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = DatabaseCommands.ParseOptions(args, error, out var rest);
        if (options is null) { return 2; }
        const string usage = "usage: account person USER [--surname S] [--given-name G] [--patronymic P] [--position \"…\"] [--email a@b] [--language ru|en]";
        if (rest.Count == 0 || rest[0].StartsWith("--", StringComparison.Ordinal)) { error.WriteLine(usage); return 2; }
        var user = rest[0];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < rest.Count; i++)
        {
            if (!PersonOptions.Contains(rest[i]) || i + 1 >= rest.Count) { error.WriteLine($"unknown or incomplete option '{rest[i]}'; {usage}"); return 2; }
            values[rest[i]] = rest[++i].Trim();
        }
        var details = new App.People.PersonDetails(values.GetValueOrDefault("--surname"), values.GetValueOrDefault("--given-name"), values.GetValueOrDefault("--patronymic"),
            values.GetValueOrDefault("--position"), values.GetValueOrDefault("--email"), values.GetValueOrDefault("--language"));
        if (details.Problems() is { Count: > 0 } problems)
        {
            foreach (var problem in problems) { error.WriteLine(problem.English); }
            return 1;
        }
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, options);
        await using var db = new ResolutionDbContext(builder.Options);
        var account = await db.Users.SingleOrDefaultAsync(u => u.UserName == user);
        if (account is null) { error.WriteLine($"there is no account '{user}' in the {options.Describe()}"); return 1; }
        details.ApplyTo(account);
        var name = new App.Localization.PersonName(account.Surname, account.GivenName, account.Patronymic);
        await db.SaveChangesAsync();
        output.WriteLine($"{user}: {(name.IsKnown ? $"{account.Surname} {account.GivenName} {account.Patronymic}".TrimEnd() : "(no name)")}, {(account.Position.Length > 0 ? account.Position : "(no position)")}, {account.Email ?? "(no mail address)"}, {account.Language}; mail opens «{name.Greeting(account.Language)}»");
        return 0;
    }
}
