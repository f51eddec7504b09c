using System.Globalization;

namespace ResolutionWorkflow.Web.Localization;

/// <summary>
/// The pages' words: written in English in the pages, shown in the reader's language from the
/// word lists (<see cref="App.Localization.Wording"/>), so a missing translation shows in English, never blank.
/// </summary>
public static class Text
{
    public const string Cookie = "lang";

    public static string Language(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The switch in the header (a cookie) wins; otherwise the language on the account; Russian by default.
        var chosen = context.Request.Cookies[Cookie] ?? context.User.FindFirst(Accounts.Accounts.LanguageClaim)?.Value;
        return chosen == "en" ? "en" : "ru";
    }

    public static string T(this HttpContext context, string english)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<App.Localization.Wording>().Page(Language(context), english);
    }

    /// <summary>"ещё 3 сообщения не записано": a count with its noun, in the reader's language, by the one plural rule.</summary>
    public static string Count(this HttpContext context, string noun, long count)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<App.Localization.Wording>().Count(Language(context), noun, count);
    }

    /// <summary>Why a command was refused, in the reader's language.</summary>
    public static string Why(this HttpContext context, Contracts.CommandRejected rejected)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rejected);
        return context.RequestServices.GetRequiredService<App.Localization.Names>().Refusal(Language(context), rejected.ReasonKey, rejected.ReasonArgs, rejected.Reason);
    }

    public static CultureInfo Culture(HttpContext context) => CultureInfo.GetCultureInfo(Language(context) == "en" ? "en-GB" : "ru-RU");
}

/// <summary>Instants as the reader lives them: in the time zone of their organisation's country.</summary>
public static class UserClock
{
    public static string Format(HttpContext context, DateTimeOffset? instant)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (instant is null) { return ""; }
        var registry = context.RequestServices.GetRequiredService<Engine.Registry.OrganisationRegistry>();
        var organisation = context.User.FindFirst(Accounts.Accounts.OrganisationClaim)?.Value;
        var zone = organisation is not null && registry.Organisations.ContainsKey(organisation) ? registry.CountryOf(organisation).TimeZone : "Europe/Moscow";
        return App.Notifications.Notifier.InstantText(instant.Value, zone, Text.Language(context));
    }
}
