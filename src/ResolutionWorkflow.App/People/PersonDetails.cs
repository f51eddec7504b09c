using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.App.People;

/// <summary>
/// The person behind an account as an administrator enters them (the CLI's <c>account person</c> and
/// the page "Сотрудники" alike): each field checked the same way, and applied to the account only
/// when every field is valid. A null field is left as it is.
/// </summary>
public sealed record PersonDetails(string? Surname, string? GivenName, string? Patronymic, string? Position, string? Email, string? Language)
{
    public const int MaxName = 100, MaxPosition = 300;

    /// <summary>
    /// The subject of the certificate the person signs with, as OpenSSL prints it or RFC 4514 writes it
    /// (a CMS signature is taken only from that certificate); empty removes it, null leaves it.
    /// </summary>
    public string? CertificateSubject { get; init; }

    /// <summary>Each problem as (field, English text, Russian text); empty when the details may be applied.</summary>
    public IReadOnlyList<(string Field, string English, string Russian)> Problems()
    {
        var problems = new List<(string, string, string)>();
        foreach (var (field, value, ru) in new[] { ("surname", Surname, "Фамилия"), ("given name", GivenName, "Имя"), ("patronymic", Patronymic, "Отчество") })
        {
            if (value is null) { continue; }
            var name = value.Trim();
            if (name.Length > MaxName || name.Any(c => !char.IsLetter(c) && c is not '-' and not ' ' and not '\'') || (name.Length > 0 && !char.IsUpper(name[0])))
            {
                problems.Add((field, $"{field} '{value}': letters, hyphens and spaces only, from a capital letter, at most {MaxName}",
                    $"{ru}: с прописной буквы, только буквы, дефис и пробел, не более {MaxName} знаков."));
            }
        }
        if (Position is { Length: > MaxPosition })
        {
            problems.Add(("position", $"the position is longer than {MaxPosition} characters", $"Должность длиннее {MaxPosition} знаков."));
        }
        if (Email is { Length: > 0 } email && (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email.Trim()))
        {
            problems.Add(("email", $"'{email}' is not a mail address", $"«{email}» не является адресом электронной почты."));
        }
        if (CertificateSubject is { } subject && subject.Trim().Length > 0 && !ResolutionWorkflow.Documents.Signatures.SubjectName.TryParse(subject, out _, out var why))
        {
            problems.Add(("certificate subject", $"'{subject}' is not a certificate subject: {why}",
                "Не удалось распознать субъект сертификата: укажите его атрибуты в виде «CN = …, O = …, C = RU, SNILS = …»."));
        }
        if (Language is not null and not ("ru" or "en"))
        {
            problems.Add(("language", $"language '{Language}': use ru or en", "Язык: русский или английский."));
        }
        return problems;
    }

    /// <summary>Sets the given fields on the account (the shown name follows the names); call only without <see cref="Problems"/>.</summary>
    public void ApplyTo(AppUser account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (Problems().Count > 0) { throw new InvalidOperationException("the person's details have problems; check them first"); }
        account.Surname = Surname?.Trim() ?? account.Surname;
        account.GivenName = GivenName?.Trim() ?? account.GivenName;
        account.Patronymic = Patronymic?.Trim() ?? account.Patronymic;
        account.Position = Position?.Trim() ?? account.Position;
        account.Language = Language ?? account.Language;
        if (Email is not null)
        {
            account.Email = Email.Trim().Length == 0 ? null : Email.Trim();
            account.NormalizedEmail = account.Email?.ToUpperInvariant();
        }
        if (CertificateSubject is not null)
        {
            account.CertificateSubject = CertificateSubject.Trim().Length == 0 ? null : ResolutionWorkflow.Documents.Signatures.SubjectName.Print(ResolutionWorkflow.Documents.Signatures.SubjectName.Parse(CertificateSubject));
        }
        var name = new PersonName(account.Surname, account.GivenName, account.Patronymic);
        if (name.IsKnown) { account.DisplayName = name.Short; }
        else if (Surname is not null || GivenName is not null) { account.DisplayName = ""; }
    }
}
