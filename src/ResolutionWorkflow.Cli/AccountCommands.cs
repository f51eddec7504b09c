using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Cli;

/// <summary>
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
            try
            {
                stored = new Org.BouncyCastle.Asn1.X509.X509Name(subject).ToString();
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"'{subject}' is not a distinguished name (CN=…, O=…, C=…): {e.Message}");
                return 1;
            }
        }
        var builder = new DbContextOptionsBuilder<ResolutionDbContext>();
        Database.Configure(builder, options);
        await using var db = new ResolutionDbContext(builder.Options);
        var changed = await db.Users.Where(u => u.UserName == user).ExecuteUpdateAsync(u => u.SetProperty(x => x.CertificateSubject, stored));
        if (changed == 0) { error.WriteLine($"there is no account '{user}' in the {options.Describe()}"); return 1; }
        output.WriteLine(stored is null ? $"{user}: no certificate registered" : $"{user}: signs with the certificate of {stored}");
        return 0;
    }
}
