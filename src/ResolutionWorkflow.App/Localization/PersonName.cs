namespace ResolutionWorkflow.App.Localization;

/// <summary>
/// A person's name as official letters write it: "Иванов И. П." in the journal and on the approval
/// sheet, "Уважаемый Иван Петрович!" at the head of a mail. The form of address follows the
/// patronymic's ending (-вич, -ич: a man; -вна, -чна, -шна: a woman); without one the mail greets
/// "Уважаемые коллеги!" as it does a body's office.
/// </summary>
public sealed record PersonName(string Surname, string GivenName, string Patronymic)
{
    public bool IsKnown => Surname.Length > 0 && GivenName.Length > 0;

    /// <summary>"Иванов И. П." (surname, then initials); an unknown name as empty.</summary>
    public string Short => !IsKnown ? "" : $"{Surname} {Initial(GivenName)}{(Patronymic.Length > 0 ? " " + Initial(Patronymic) : "")}";

    /// <summary>"И. П. Иванов": initials before the surname, as under a signature.</summary>
    public string InitialsFirst => !IsKnown ? "" : $"{Initial(GivenName)}{(Patronymic.Length > 0 ? " " + Initial(Patronymic) : "")} {Surname}";

    private static string Initial(string name) => name.Length == 0 ? "" : char.ToUpperInvariant(name[0]) + ".";

    /// <summary>The line a mail opens with, in the reader's language.</summary>
    public string Greeting(string language)
    {
        if (language == "en") { return IsKnown ? $"Dear {GivenName} {Surname}," : Colleagues(language); }
        if (!IsKnown || Patronymic.Length == 0) { return Colleagues(language); }
        var p = Patronymic.ToLowerInvariant();
        var form = p.EndsWith("ич", StringComparison.Ordinal) ? "Уважаемый"
            : p.EndsWith("вна", StringComparison.Ordinal) || p.EndsWith("чна", StringComparison.Ordinal) || p.EndsWith("шна", StringComparison.Ordinal) ? "Уважаемая"
            : null;
        return form is null ? Colleagues(language) : $"{form} {GivenName} {Patronymic}!";
    }

    /// <summary>The greeting of a mail to a body's office or to people not known by name.</summary>
    public static string Colleagues(string language) => language == "en" ? "Dear colleagues," : "Уважаемые коллеги!";

    public static readonly PersonName None = new("", "", "");
}
