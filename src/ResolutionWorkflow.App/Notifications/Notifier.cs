using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.App.Notifications;

/// <summary>Who gets a mail, in which language, and whose clock and calendar its deadline is told in.</summary>
public sealed record Recipient(string Address, string Name, string Language, string TimeZone, string Calendar);

/// <summary>
/// Renders a template in the recipient's language and sends it once per (notification, recipient):
/// the Message-ID is derived from both, and a sent record stops a retried job from sending again.
/// </summary>
public sealed class Notifier(
    IDbContextFactory<ResolutionDbContext> contexts, MailTemplates templates, IMailSender sender, MailOptions options,
    OrganisationRegistry registry, CalendarSet calendars, TimeProvider time)
{
    public Recipient Organisation(string id)
    {
        var org = registry.Organisations[id];
        var country = registry.Countries[org.Country];
        var language = registry.LanguageOf(id);
        return new Recipient(org.Mailbox, org.Name.In(language), language, country.TimeZone, country.Calendar);
    }

    /// <summary>An organisation's mailbox, or the office that receives a role's mail (per country for signatories).</summary>
    public IReadOnlyList<Recipient> For(string? organisation, string? role, string? country)
    {
        if (organisation is not null) { return [Organisation(organisation)]; }
        if (role is null || !registry.Roles.TryGetValue(role, out var r)) { return []; }
        if (country is not null && r.Offices?.TryGetValue(country, out var office) == true) { return [Organisation(office)]; }
        if (r.Office is not null) { return [Organisation(r.Office)]; }
        return [.. (r.Offices?.Values ?? []).Distinct().Select(Organisation)];
    }

    public string Link(Guid resolutionId) => new Uri(new Uri(options.BaseUrl), $"resolutions/{resolutionId}").ToString();

    /// <summary>The deadline as the recipient reads it: their language, their time zone.</summary>
    public static string DueText(DateTimeOffset due, Recipient to)
    {
        ArgumentNullException.ThrowIfNull(to);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(to.TimeZone);
        var local = TimeZoneInfo.ConvertTime(due, zone);
        var culture = CultureInfo.GetCultureInfo(to.Language == "en" ? "en-GB" : "ru-RU");
        return to.Language == "en"
            ? $"{local.ToString("d MMMM yyyy, HH:mm", culture)} ({to.TimeZone})"
            : $"{local.ToString("d MMMM yyyy г., HH:mm", culture)} ({to.TimeZone})";
    }

    /// <summary>Working days from today to the due day in the recipient's production calendar; empty when the calendar has no data.</summary>
    public string DaysLeft(DateTimeOffset due, Recipient to)
    {
        ArgumentNullException.ThrowIfNull(to);
        return calendars.WorkingDaysBetween(to.Calendar, time.GetUtcNow(), due)?.ToString(CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>The header that carries the resolution's journal head: <c>resolution length hash</c>.</summary>
    public const string JournalHeadHeader = "X-Resolution-Journal-Head";

    public async Task SendAsync(string key, string template, Recipient to, MailFacts facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(facts);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            if (await db.SentMail.AnyAsync(s => s.Key == key && s.Recipient == to.Address, ct).ConfigureAwait(false)) { return; }

            var mail = templates.Render(template, to.Language, facts);
            var message = new MimeMessage
            {
                Subject = mail.Subject,
                MessageId = MessageId(key, to.Address),
                Date = time.GetUtcNow(),
                Body = new MultipartAlternative
                {
                    new TextPart("plain") { Text = mail.Text },
                    new TextPart("html") { Text = mail.Html },
                },
            };
            message.From.Add(new MailboxAddress(options.FromName, options.From));
            message.To.Add(new MailboxAddress(to.Name, to.Address));
            message.Body.Headers.Add(MimeKit.HeaderId.ContentLanguage, to.Language);
            message.Headers.Add("X-Resolution-Notification", template);
            if (facts.JournalHead.Length > 0) { message.Headers.Add(JournalHeadHeader, facts.JournalHead); }
            await sender.SendAsync(message, ct).ConfigureAwait(false);

            db.SentMail.Add(new SentMailRow { Key = key, Recipient = to.Address, MessageId = message.MessageId, Template = template, SentAt = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // Another worker sent it at the same moment (the key is taken); the shared Message-ID lets mail clients fold the two.
                if (!await db.SentMail.AsNoTracking().AnyAsync(s => s.Key == key && s.Recipient == to.Address, ct).ConfigureAwait(false)) { throw; }
            }
        }
    }

    /// <summary>Stable per notification and recipient, so a repeat is recognisable everywhere.</summary>
    public static string MessageId(string key, string recipient)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key}|{recipient}")))[..32];
        return $"{hash}@resolution-workflow.local";
    }
}
