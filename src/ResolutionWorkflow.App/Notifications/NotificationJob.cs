using System.Text.Json.Nodes;
using Hangfire;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.App.Notifications;

/// <summary>
/// Mail that follows the journal: a task assigned, a signature requested, an escalation, a
/// signature given, a resolution published. One Hangfire job per journal entry, retried with
/// back-off; each recipient gets the mail once.
/// </summary>
public sealed class NotificationJob(IDbContextFactory<ResolutionDbContext> contexts, Notifier notifier, WorkflowCatalog catalog, Localization.Names names, Deadlines.DeadlineJob reminders, Deadlines.TimeLeft timeLeft)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [5, 15, 30, 60, 120, 300, 600, 1800])]
    public async Task ForJournalEntryAsync(Guid resolutionId, long sequence, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var entry = await db.Journal.AsNoTracking().SingleAsync(j => j.ResolutionId == resolutionId && j.Sequence == sequence, ct).ConfigureAwait(false);
            var resolution = await db.Resolutions.AsNoTracking().SingleAsync(r => r.Id == resolutionId, ct).ConfigureAwait(false);
            var data = JsonNode.Parse(entry.Data)!.AsObject();
            var key = $"journal/{resolutionId:N}/{sequence}";
            var coordinators = notifier.For(null, "coordinator", null);
            var drafter = notifier.Organisation(resolution.DrafterOrganisation);

            switch (entry.EventType)
            {
                case "task-opened":
                    var task = data["task"]!.AsObject();
                    var kind = (string)task["kind"]!;
                    var assignee = task["assignee"]!.AsObject();
                    var template = kind == "sign" ? "signature-requested" : "task-assigned";
                    var due = (DateTimeOffset?)task["dueAt"];
                    // Who revises or decides reads the open rows of the disagreement table in the mail itself.
                    var openRows = kind is "revise" or "decide"
                        ? await db.Remarks.AsNoTracking().Where(r => r.ResolutionId == resolutionId && r.Status != "settled").OrderBy(r => r.RemarkNo).ToListAsync(ct).ConfigureAwait(false)
                        : [];
                    var holders = await notifier.HoldersAsync((string?)assignee["organisation"], (string?)assignee["role"], (string?)assignee["country"], (string?)assignee["userId"], ct).ConfigureAwait(false);
                    foreach (var to in holders)
                    {
                        await notifier.SendAsync(key, template, to, Facts(resolution, (string)task["stageId"]!, to) with
                        {
                            TaskKind = kind,
                            Due = due is { } d ? Notifier.DueText(d, to) : "",
                            TimeLeft = timeLeft.Text(due, (string?)task["calendar"], to.Language),
                            DueProvisional = (bool?)task["dueIsProvisional"] ?? false,
                            Remarks = string.Join('\n', openRows.Select(r => RemarkLine(r, to.Language))),
                        }, ct).ConfigureAwait(false);
                    }
                    break;
                case "task-nudged":
                    var nudged = await db.Tasks.AsNoTracking().SingleAsync(t => t.ResolutionId == resolutionId && t.TaskNo == (int)data["taskNo"]!, ct).ConfigureAwait(false);
                    await reminders.RemindAsync(resolution, nudged, key, ct).ConfigureAwait(false);
                    break;
                case "task-escalated":
                    var escalated = await db.Tasks.AsNoTracking().SingleAsync(t => t.ResolutionId == resolutionId && t.TaskNo == (int)data["taskNo"]!, ct).ConfigureAwait(false);
                    foreach (var to in await notifier.HoldersAsync(null, (string)data["toRole"]!, null, null, ct).ConfigureAwait(false))
                    {
                        var holder = escalated.Organisation is { } o ? names.OrganisationFull(to.Language, o) : names.Participant(to.Language, escalated.ParticipantKey);
                        await notifier.SendAsync(key, "escalation", to, Facts(resolution, escalated.StageId, to) with
                        {
                            TaskKind = escalated.Kind,
                            Due = escalated.DueAt is { } d ? Notifier.DueText(d, to) : "",
                            // Who has not answered, in the glossary's words for a missing opinion.
                            Detail = (to.Language, escalated.Kind) switch
                            {
                                ("en", "review") => $"No opinion yet from: {holder}.",
                                ("en", _) => $"Not done by: {holder}.",
                                (_, "review") => $"Заключение не представлено: {holder}.",
                                _ => $"Не выполнено: {holder}.",
                            },
                        }, ct).ConfigureAwait(false);
                    }
                    break;
                case "signature-recorded":
                    var signer = (string?)data["userId"];
                    var person = await db.Users.AsNoTracking().Where(u => u.UserName == signer)
                        .Select(u => new { u.Position, u.Surname, u.GivenName, u.Patronymic }).SingleOrDefaultAsync(ct).ConfigureAwait(false);
                    // "Премьер-министр Республики Беларусь А. В. Соколовский", as under a signature; the signatory's title when the account names no one.
                    var signedBy = person is { Position.Length: > 0 } && new Localization.PersonName(person.Surname, person.GivenName, person.Patronymic).InitialsFirst is { Length: > 0 } initials
                        ? $"{person.Position} {initials}" : null;
                    foreach (var to in coordinators.Append(drafter).DistinctBy(r => r.Address))
                    {
                        var signatory = signedBy ?? names.Participant(to.Language, (string)data["signatoryKey"]!);
                        await notifier.SendAsync(key, "signed", to, Facts(resolution, resolution.StageId, to) with { Signatory = signatory }, ct).ConfigureAwait(false);
                    }
                    break;
                case "resolution-closed" when (string?)data["result"] == "adopted":
                    var publications = await db.Publications.AsNoTracking().Where(p => p.ResolutionId == resolutionId).OrderBy(p => p.Country).ToListAsync(ct).ConfigureAwait(false);
                    foreach (var to in coordinators.Append(drafter).DistinctBy(r => r.Address))
                    {
                        await notifier.SendAsync(key, "published", to, Facts(resolution, resolution.StageId, to) with
                        {
                            RegistrationNumber = resolution.RegistrationNumber ?? "",
                            Citation = names.Citation(to.Language, resolution.DefinitionId, resolution.DefinitionVersion, resolution.ActDate, resolution.RegistrationNumber ?? "", resolution.RegistrationYear),
                            Publications = string.Join("; ", publications.Select(p => $"{names.Country(to.Language, p.Country)}: {names.Venue(to.Language, p.Portal)}, {p.Reference}, {Notifier.DateText(p.PublishedOn, to.Language)}")),
                        }, ct).ConfigureAwait(false);
                    }
                    break;
            }
        }
    }

    /// <summary>A row of the disagreement table as one line of a mail: number, clause, body, remark and the wording proposed.</summary>
    private string RemarkLine(RemarkRow r, string language)
    {
        var en = language == "en";
        var line = $"№ {r.RemarkNo}, {(en ? "clause" : "пункт")} {r.Clause} ({names.Organisation(language, r.Organisation)}): {r.Text}";
        return r.ProposedWording is null ? line : $"{line} {(en ? "Proposed wording" : "Предлагаемая редакция")}: «{r.ProposedWording}»";
    }

    private MailFacts Facts(ResolutionRow resolution, string stageId, Recipient to) =>
        MailFacts.For(resolution, catalog, names, notifier.Link(resolution.Id), stageId, to);
}

/// <summary>Turns each journal entry the relay publishes into a notification job.</summary>
public sealed class JournalNotificationConsumer(IBackgroundJobClient jobs) : IConsumer<ResolutionJournalled>
{
    private static readonly HashSet<string> Notifying = ["task-opened", "task-escalated", "task-nudged", "signature-recorded", "resolution-closed"];

    public Task Consume(ConsumeContext<ResolutionJournalled> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var e = context.Message;
        if (Notifying.Contains(e.Type))
        {
            jobs.Enqueue<NotificationJob>(j => j.ForJournalEntryAsync(e.ResolutionId, e.Sequence, CancellationToken.None));
        }
        return Task.CompletedTask;
    }
}
