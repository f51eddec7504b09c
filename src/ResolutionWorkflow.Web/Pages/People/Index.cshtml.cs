using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.People;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Localization;

namespace ResolutionWorkflow.Web.Pages.People;

/// <summary>
/// The administrator's list of accounts and the person behind each (name, position, mail address,
/// language), with a form to set them: what mails greet people by and the approval sheet names.
/// </summary>
[Authorize(Roles = "administrator")]
public sealed class IndexModel(IDbContextFactory<ResolutionDbContext> contexts, App.Localization.Names names) : PageModel
{
    public IReadOnlyList<AppUser> Accounts { get; private set; } = [];

    /// <summary>The account being edited (from <c>?user=</c>), if any.</summary>
    public AppUser? Editing { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Whom the account's certificate names (its common name; the whole subject if it has none), or a dash without one.</summary>
    public static string Holder(AppUser account) =>
        Documents.Signatures.SubjectName.CommonNames(account?.CertificateSubject) is [var name, ..] ? name : account?.CertificateSubject ?? "—";

    public string Body(string organisation) => names.Organisation(Text.Language(HttpContext), organisation);

    private static Task<List<AppUser>> AccountsAsync(ResolutionDbContext db, CancellationToken ct) =>
        db.Users.AsNoTracking().OrderBy(u => u.Organisation).ThenBy(u => u.UserName).ToListAsync(ct);

    public async Task<IActionResult> OnGetAsync(string? user, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        Accounts = await AccountsAsync(db, ct).ConfigureAwait(false);
        if (user is not null)
        {
            Editing = Accounts.FirstOrDefault(u => u.UserName == user);
            if (Editing is null) { return NotFound(); }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string user, string? surname, string? givenName, string? patronymic, string? position, string? email, string? language, string? certificateSubject, CancellationToken ct)
    {
        var details = new PersonDetails(surname ?? "", givenName ?? "", patronymic ?? "", position ?? "", email ?? "", language) { CertificateSubject = certificateSubject ?? "" }; // the form always sends the field; empty (read as null) removes it
        var problems = details.Problems();
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var account = await db.Users.SingleOrDefaultAsync(u => u.UserName == user, ct).ConfigureAwait(false);
        if (account is null) { return NotFound(); }
        if (problems.Count > 0)
        {
            // Nothing is stored; the form shows what was typed and why it was not taken.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Problems = [.. problems.Select(p => Text.Language(HttpContext) == "en" ? p.English : p.Russian)];
            Accounts = await AccountsAsync(db, ct).ConfigureAwait(false);
            Editing = new AppUser
            {
                UserName = account.UserName, Organisation = account.Organisation, Surname = surname ?? "", GivenName = givenName ?? "", Patronymic = patronymic ?? "",
                Position = position ?? "", Email = email, Language = language ?? account.Language, CertificateSubject = certificateSubject,
            };
            return Page();
        }
        details.ApplyTo(account);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        TempData["Message"] = HttpContext.T("Done.");
        return Redirect($"/people?user={Uri.EscapeDataString(user)}");
    }
}
