using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.App.Notifications;

/// <summary>
/// Who gets a mail, in which language, and whose clock and calendar its deadline is told in; how the
/// mail greets them, and the office mailboxes it goes to in copy (a person's body).
/// </summary>
public sealed record Recipient(string Address, string Name, string Language, string TimeZone, string Calendar)
{
    public string Greeting { get; init; } = Localization.PersonName.Colleagues(Language);

    public IReadOnlyList<string> Copy { get; init; } = [];
}

/// <summary>
/// Renders a template in the recipient's language and sends it once per (notification, recipient):
/// the Message-ID is derived from both, and a sent record stops a retried job from sending again.
/// </summary>
public sealed class Notifier(
    IDbContextFactory<ResolutionDbContext> contexts, MailTemplates templates, IMailSender sender, MailOptions options,
    OrganisationRegistry registry, TimeProvider time)
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

    /// <summary>
    /// Everyone a task's mail goes to: each person who may act on it and has an address of their own
    /// on their account — the one person it was given to, or every account of the organisation (or of
    /// the role, in that country) — greeted by name, in their own language, the first of them with the
    /// body's office box (as <see cref="For"/>) in copy, so the office has the mail once; the office box
    /// itself when no such person has an address.
    /// </summary>
    public async Task<IReadOnlyList<Recipient>> HoldersAsync(string? organisation, string? role, string? country, string? userId, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var users = db.Users.AsNoTracking().Where(u => u.Email != null && u.Email != "");
            if (userId is not null) { users = users.Where(u => u.UserName == userId); }
            else
            {
                if (organisation is not null) { users = users.Where(u => u.Organisation == organisation); }
                if (role is not null)
                {
                    users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
                }
            }
            var people = await users.Select(u => new { u.Email, u.DisplayName, u.UserName, u.Language, u.Organisation, u.Surname, u.GivenName, u.Patronymic })
                .ToListAsync(ct).ConfigureAwait(false);
            var offices = For(organisation, role, country);
            var persons = people
                .Where(p => registry.Organisations.TryGetValue(p.Organisation, out var org) && (country is null || org.Country == country))
                .OrderBy(p => p.Email, StringComparer.Ordinal)
                .DistinctBy(p => p.Email, StringComparer.OrdinalIgnoreCase)
                .Select(p =>
                {
                    var home = registry.Countries[registry.Organisations[p.Organisation].Country];
                    var name = new Localization.PersonName(p.Surname, p.GivenName, p.Patronymic);
                    var language = p.Language == "en" ? "en" : "ru";
                    var shown = name.IsKnown ? $"{p.Surname} {p.GivenName} {p.Patronymic}".TrimEnd() : p.DisplayName.Length > 0 ? p.DisplayName : p.UserName ?? p.Email!;
                    return (p.Organisation, Recipient: new Recipient(p.Email!, shown, language, home.TimeZone, home.Calendar) { Greeting = name.Greeting(language) });
                })
                .ToList();
            if (persons.Count == 0) { return offices; }
            // The task is the body's, whoever of it acts: the office that receives it (the role's, else each
            // person's own body's) in copy on the first mail to that body, so each office has the mail once.
            var addresses = persons.Select(p => p.Recipient.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return [.. persons.Select((p, i) =>
            {
                var first = persons.FindIndex(q => q.Organisation == p.Organisation) == i;
                if (!(offices.Count > 0 ? i == 0 : first)) { return p.Recipient; }
                var copy = (offices.Count > 0 ? offices : [Organisation(p.Organisation)]).Select(o => o.Address)
                    .Where(a => !addresses.Contains(a)).Distinct(StringComparer.OrdinalIgnoreCase);
                return p.Recipient with { Copy = [.. copy] };
            })];
        }
    }

    public string Link(Guid resolutionId) => new Uri(new Uri(WithSlash(options.BaseUrl ?? MailOptions.FallbackBaseUrl)), $"resolutions/{resolutionId}").ToString();

    private static string WithSlash(string url) => url.EndsWith('/') ? url : url + "/";

    /// <summary>The deadline as the recipient reads it: their language, their time zone.</summary>
    public static string DueText(DateTimeOffset due, Recipient to)
    {
        ArgumentNullException.ThrowIfNull(to);
        return InstantText(due, to.TimeZone, to.Language);
    }

    /// <summary>An instant as an official writes it, on the clock of <paramref name="timeZone"/>: "14 мая 2025 г., 18:00 (по московскому времени)".</summary>
    public static string InstantText(DateTimeOffset instant, string timeZone, string language)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return language == "en"
            ? $"{local.ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"))} ({ZoneName(timeZone, "en")})"
            : $"{local.ToString("d MMMM yyyy г., HH:mm", CultureInfo.GetCultureInfo("ru-RU"))} ({ZoneName(timeZone, "ru")})";
    }

    /// <summary>A calendar date as an official writes it: "3 марта 2026 г.", "3 March 2026".</summary>
    public static string DateText(DateOnly date, string language) =>
        language == "en" ? date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) : date.ToString("d MMMM yyyy г.", CultureInfo.GetCultureInfo("ru-RU"));

    /// <summary>The clock a deadline is told in, as an official writes it ("по минскому времени"); an unknown zone by its id.</summary>
    public static string ZoneName(string timeZone, string language) => (timeZone, language) switch
    {
        ("Europe/Minsk", "en") => "Minsk time",
        ("Europe/Minsk", _) => "по минскому времени",
        ("Europe/Moscow", "en") => "Moscow time",
        ("Europe/Moscow", _) => "по московскому времени",
        _ => timeZone,
    };

    /// <summary>The header that carries the resolution's journal head: <c>resolution length hash</c>.</summary>
    public const string JournalHeadHeader = "X-Resolution-Journal-Head";

    /// <summary>
    /// Sends the mail once across the cluster: a claim row is committed first (the key is unique),
    /// then the mail is handed over, then the claim is marked sent. A worker that finds the mail
    /// claimed by another waits for the job's retry; one that finds the claim expired (its holder
    /// died between claiming and reporting) takes it over and sends with the same Message-ID, so a
    /// receiving server can drop a repeat.
    /// </summary>
    public async Task SendAsync(string key, string template, Recipient to, MailFacts facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(facts);
        var messageId = MessageId(key, to.Address);
        if (await ClaimAsync(key, to.Address, messageId, template, ct).ConfigureAwait(false) is not { } claimedUntil) { return; }

        using var activity = Telemetry.Telemetry.Source.StartActivity("mail send", System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("rw.mail.template", template).SetTag("rw.mail.message_id", messageId).SetTag("rw.mail.event", key);
        var mail = templates.Render(template, to.Language, facts);
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            MessageId = messageId,
            Date = time.GetUtcNow(),
            Body = new MultipartAlternative
            {
                new TextPart("plain") { Text = mail.Text },
                new TextPart("html") { Text = mail.Html },
            },
        };
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(new MailboxAddress(to.Name, to.Address));
        foreach (var copy in to.Copy) { message.Cc.Add(MailboxAddress.Parse(copy)); }
        message.Body.Headers.Add(MimeKit.HeaderId.ContentLanguage, to.Language);
        message.Headers.Add("X-Resolution-Notification", template);
        // What the mail is about (a journal entry, a deadline row): a receiving system, or an operator, can see a repeat without trusting the Message-ID.
        message.Headers.Add(EventHeader, key);
        if (facts.JournalHead.Length > 0) { message.Headers.Add(JournalHeadHeader, facts.JournalHead); }
        try
        {
            await sender.SendAsync(message, ct).ConfigureAwait(false);
        }
        catch
        {
            // Refused or unreachable: let the job's retry claim it at once rather than after the lease.
            await ReleaseAsync(key, to.Address, claimedUntil).ConfigureAwait(false);
            throw;
        }

        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            await db.SentMail.Where(m => m.Key == key && m.Recipient == to.Address)
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null).SetProperty(x => x.SentAt, now), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Gives up this worker's claim (only if it is still ours); if even that fails, the lease runs out instead.</summary>
    private async Task ReleaseAsync(string key, string recipient, DateTimeOffset claimedUntil)
    {
        try
        {
            var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                await db.SentMail.Where(m => m.Key == key && m.Recipient == recipient && m.ClaimedUntil == claimedUntil).ExecuteDeleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The claim stands until its lease ends; the job's retries outlast it.
        }
    }

    /// <summary>When this worker's new claim ends, if it now holds one and should send; null when the mail was already sent.</summary>
    private async Task<DateTimeOffset?> ClaimAsync(string key, string recipient, string messageId, string template, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            // Compared again when the claim is given up: cut to what every database keeps.
            var until = Engine.Journal.Instants.Canonical(now + options.ClaimLease);
            var known = await db.SentMail.AsNoTracking().Where(m => m.Key == key && m.Recipient == recipient)
                .Select(m => new { m.ClaimedUntil }).SingleOrDefaultAsync(ct).ConfigureAwait(false);
            if (known is null)
            {
                db.SentMail.Add(new SentMailRow { Key = key, Recipient = recipient, MessageId = messageId, Template = template, SentAt = now, ClaimedUntil = until });
                try
                {
                    await db.SaveChangesAsync(ct).ConfigureAwait(false);
                    return until;
                }
                catch (DbUpdateException e) when (Commands.CommandProcessor.IsConflict(e))
                {
                    // Another worker claimed it between our read and our insert.
                    throw new MailClaimedException(key, recipient);
                }
            }
            if (known.ClaimedUntil is null) { return null; }
            if (known.ClaimedUntil > now) { throw new MailClaimedException(key, recipient); }
            // The holder's lease ran out without the mail reported sent: take the claim over, if no one else has.
            var taken = await db.SentMail.Where(m => m.Key == key && m.Recipient == recipient && m.ClaimedUntil == known.ClaimedUntil)
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedUntil, until), ct).ConfigureAwait(false);
            return taken == 1 ? until : throw new MailClaimedException(key, recipient);
        }
    }

    /// <summary>Stable per notification and recipient, so a repeat is recognisable everywhere.</summary>
    public const string EventHeader = "X-Resolution-Event";

    public static string MessageId(string key, string recipient)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key}|{recipient}")))[..32];
        return $"{hash}@resolution-workflow.local";
    }
}

/// <summary>Another worker holds the claim on this mail; the job tries again later, by when it is sent or the claim has lapsed.</summary>
public sealed class MailClaimedException(string key, string recipient)
    : Exception($"mail {key} to {recipient} is being sent by another worker");
