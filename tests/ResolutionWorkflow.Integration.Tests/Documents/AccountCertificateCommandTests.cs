using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Cli;
using ResolutionWorkflow.Integration.Tests.Support;

namespace ResolutionWorkflow.Integration.Tests.Documents;

/// <summary>The administrator registers a signer's certificate subject from the command line; a bad name or an unknown account changes nothing.</summary>
public sealed class AccountCertificateCommandTests
{
    private const string Subject = "CN=Председатель Правительства Российской Федерации, O=Правительство Российской Федерации, C=RU";

    [Fact]
    public async Task A_signers_certificate_subject_is_registered_checked_and_cleared()
    {
        await using var db = new SqliteTestDatabase();
        var app = await AppHarness.StartAsync(db);
        await using (var context = await app.Contexts.CreateDbContextAsync())
        {
            context.Users.Add(new AppUser { UserName = "pm.ru", Organisation = "ru-government" });
            await context.SaveChangesAsync();
        }
        string[] Args(params string[] rest) => ["account", "certificate", .. rest, "--provider", "sqlite", "--data", db.Folder];
        async Task<string?> Stored()
        {
            await using var context = await app.Contexts.CreateDbContextAsync();
            return await context.Users.Where(u => u.UserName == "pm.ru").Select(u => u.CertificateSubject).SingleAsync();
        }

        Assert.Equal(0, await CommandLine.RunAsync(Args("pm.ru", Subject), TextWriter.Null, TextWriter.Null));
        Assert.True(new Org.BouncyCastle.Asn1.X509.X509Name(await Stored()).Equivalent(new Org.BouncyCastle.Asn1.X509.X509Name(Subject)));

        var error = new StringWriter();
        Assert.Equal(1, await CommandLine.RunAsync(Args("pm.ru", "не имя"), TextWriter.Null, error));
        Assert.Contains("is not a certificate subject", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await CommandLine.RunAsync(Args("nobody", Subject), TextWriter.Null, error));
        Assert.Contains("there is no account 'nobody'", error.ToString(), StringComparison.Ordinal);
        Assert.NotNull(await Stored());

        Assert.Equal(0, await CommandLine.RunAsync(Args("pm.ru", "--clear"), TextWriter.Null, TextWriter.Null));
        Assert.Null(await Stored());
    }
}
