using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Messaging;

/// <summary>Every command through MassTransit's test harness: accepted, rejected, duplicated, out of order.</summary>
[Collection(HostedAppTests.Name)]
public sealed class CommandBusTests
{
    private static readonly Actor Intruder = new("intruder@by-mchs", "by-mchs", ["officer"]);

    /// <summary>Sends an impostor's copy (refused), the command (accepted) and the command again (the first answer, marked duplicate).</summary>
    private static async Task<CommandAccepted> Step(BusClient r, ResolutionCommand command, string intruderCode = "notYourTask")
    {
        await r.Reject(command with { CommandId = Guid.NewGuid(), Actor = Intruder }, intruderCode);
        var first = await r.Accept(command);
        var again = await r.Accept(command);
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first with { Duplicate = true }, again);
        return first;
    }

    [Fact]
    public async Task Every_command_type_is_accepted_refused_to_an_impostor_and_answered_once_when_repeated()
    {
        await using var host = await BusHost.StartAsync();
        var seen = new HashSet<Type>();
        async Task<CommandAccepted> S(BusClient r, ResolutionCommand c, string code = "notYourTask")
        {
            seen.Add(c.GetType());
            return await Step(r, c, code);
        }

        // Conciliation path: text change, objections, conciliation, a declined signature, signing, publication.
        var a = new BusClient(host, Guid.NewGuid());
        await S(a, a.Start("council-of-ministers-resolution"), "notPermitted");
        await S(a, a.NewVersion(CommandBuilder.Revised(CommandBuilder.Text1)));
        await S(a, a.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin", "ru-minjust"])) { await S(a, a.Agree(m)); }
        await S(a, a.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        await S(a, a.Disagree("ru-minjust", ("2", "Заказчик определяется программой.")));
        await S(a, a.Answer(1, RemarkAnswer.PartlyAccepted, "Частично учтено."));
        await S(a, a.Answer(2, RemarkAnswer.Rejected, "Соответствует порядку."));
        await S(a, a.Conciliation());
        var day = CommandBuilder.MoscowDay(host.Clock.GetUtcNow());
        var minutes = await Upload(host, "Протокол № 1.pdf");
        await S(a, (Engine.Resolutions.RecordConciliationMeeting)a.Meeting(day, (1, "Оставить редакцию разработчика."), (2, "Оставить редакцию разработчика.")) with { MinutesFile = minutes });
        await S(a, a.ConfirmMinutes("by-minfin"));
        Assert.Equal("heads-decision", (await S(a, a.DissentFromMinutes("ru-minjust"))).StageId);
        Assert.Equal("legal-examination", (await S(a, a.DecideOutcome("agreed", (2, "Решение глав правительств: оставить редакцию разработчика.")))).StageId);
        foreach (var m in Actors.LegalBodies) { await S(a, a.Agree(m)); }
        foreach (var step in a.AdoptAtMeeting(host.Clock.GetUtcNow())) { await S(a, step); }
        Assert.Equal("conciliation", (await S(a, a.Decline(Actors.PrimeMinisterBelarus))).StageId);
        Assert.Equal("legal-examination", (await S(a, a.Meeting(day))).StageId);
        foreach (var m in Actors.LegalBodies) { await S(a, a.Agree(m)); }
        foreach (var step in a.AdoptAtMeeting(host.Clock.GetUtcNow())) { await S(a, step); }
        await S(a, a.SignAs(Actors.PrimeMinisterBelarus));
        await S(a, a.SignAs(Actors.PrimeMinisterRussia));
        await S(a, a.RegisterAs("101"));
        await S(a, a.Publish("by"));
        Assert.Equal("adopted", (await S(a, a.Publish("ru"))).StageId);

        // Revision path: an answered objection and a resubmission.
        var b = new BusClient(host, Guid.NewGuid());
        await S(b, b.Start("council-of-ministers-resolution"), "notPermitted");
        await S(b, b.Submit());
        await S(b, b.Disagree("ru-mfa", ("1", "Уточнить наименование.")));
        foreach (var m in Actors.ReviewingMinistries.Except(["ru-mfa"])) { await S(b, b.Agree(m)); }
        await S(b, b.Answer(1, RemarkAnswer.Accepted, "Учтено."));
        Assert.Equal("interministerial-review", (await S(b, b.Resubmit())).StageId);

        // Coordinator path: extend, reassign, withdraw.
        var c = new BusClient(host, Guid.NewGuid());
        await S(c, c.Start("council-of-ministers-resolution"), "notPermitted");
        await S(c, c.ProposeReviewers("ru-fsb"));
        var note = (await Upload(host, "Пояснительная записка.pdf")) with { Kind = "explanatory-note" };
        Assert.Equal(2, (await S(c, c.Attach(note), "notYourTask")).TextVersion);
        Assert.Equal(3, (await S(c, c.Detach(note.Sha256), "notYourTask")).TextVersion);
        await S(c, c.ConfirmReviewers("касается пограничной деятельности", "ru-fsb", "by-border"), "notPermitted");
        await S(c, c.Submit());
        await S(c, c.Extend(3, 5), "notPermitted");
        await S(c, c.Reassign(4, "by-mchs"), "notPermitted");
        await S(c, c.NudgeTask(5), "notPermitted");
        Assert.Equal("withdrawn", (await S(c, c.WithdrawAs(Actors.Coordinator), "notPermitted")).Status);

        // Conciliation that changes the text: the proposed wording accepted, the Standing Committee issues the agreed text.
        var d = new BusClient(host, Guid.NewGuid());
        await S(d, d.Start("council-of-ministers-resolution"), "notPermitted");
        await S(d, d.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { await S(d, d.Agree(m)); }
        await S(d, d.DisagreeProposing("by-minfin", "3", "Не указан объём финансирования.", "Финансирование осуществлять в объёмах, установленных законом о бюджете."));
        await S(d, d.Answer(1, RemarkAnswer.Rejected, "Объём определяется законом о бюджете."));
        await S(d, d.Conciliation());
        await S(d, d.MeetingWith(day, false, CommandBuilder.AcceptProposed(1)));
        await S(d, d.ConfirmMinutes("by-minfin"));
        Assert.Equal("legal-examination", (await S(d, d.IssueAgreedText())).StageId);

        Assert.Equal(App.Messaging.CommandCatalog.All.Count, seen.Count);
        await using var db = host.NewContext();
        foreach (var id in new[] { a.Id, b.Id, c.Id })
        {
            var journal = (await db.Journal.AsNoTracking().Where(j => j.ResolutionId == id).OrderBy(j => j.Sequence).ToListAsync())
                .Select(j => new Engine.Journal.JournalEntry(j.ResolutionId, j.Sequence, j.CommandId, j.ActorUserId, j.ActorOrganisation, j.At, j.EventType, j.Data, j.PreviousHash, j.Hash)).ToList();
            Assert.True(Engine.Journal.JournalChain.Verify(journal).IsValid);
        }
    }

    /// <summary>A PDF stored as an upload is, named as a command names it.</summary>
    private static async Task<Engine.Texts.Attachment> Upload(BusHost host, string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"%PDF-1.4\n% {name} {Guid.NewGuid()}\n%%EOF\n");
        var stored = await host.Services.GetRequiredService<App.Documents.AttachmentStore>().StoreAsync(new MemoryStream(bytes), name, default);
        return new Engine.Texts.Attachment(Engine.Resolutions.RecordConciliationMeeting.MinutesFileKind, name, stored.MediaType, stored.Size, stored.Sha256);
    }

    [Fact]
    public async Task A_document_a_message_names_must_have_been_uploaded_with_that_type_and_size_or_nothing_changes()
    {
        await using var host = await BusHost.StartAsync();
        var c = new BusClient(host, Guid.NewGuid());
        await c.Accept(c.Start("council-of-ministers-resolution"));
        var stored = (await Upload(host, "Приложение.pdf")) with { Kind = "annex" };
        foreach (var named in new[] { stored with { Sha256 = new string('d', 64) }, stored with { Size = stored.Size + 1 }, stored with { MediaType = "application/vnd.oasis.opendocument.text" } })
        {
            var refused = await c.Reject(c.Attach(named), "invalidInput");
            Assert.Equal("attachmentNotStored", refused.ReasonKey);
        }
        Assert.Equal(2, (await c.Accept(c.Attach(stored))).TextVersion);

        // The meeting's minutes alike: a conciliation whose meeting names a file nobody uploaded records nothing.
        var a = new BusClient(host, Guid.NewGuid());
        await a.Accept(a.Start("council-of-ministers-resolution"));
        await a.Accept(a.Submit());
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { await a.Accept(a.Agree(m)); }
        await a.Accept(a.Disagree("by-minfin", ("3", "Не указан объём финансирования.")));
        await a.Accept(a.Answer(1, RemarkAnswer.Rejected, "Объём определяется законом о бюджете."));
        await a.Accept(a.Conciliation());
        var meeting = (Engine.Resolutions.RecordConciliationMeeting)a.Meeting(CommandBuilder.MoscowDay(host.Clock.GetUtcNow()), (1, "Оставить редакцию разработчика."));
        Assert.Equal("attachmentNotStored", (await a.Reject(meeting with { MinutesFile = stored with { Sha256 = new string('e', 64) } }, "invalidInput")).ReasonKey);
        await using var db = host.NewContext();
        Assert.False(await db.Journal.AnyAsync(j => j.ResolutionId == a.Id && j.EventType == "conciliation-meeting-recorded"));
        Assert.Equal(0, await db.MeetingMinutesFiles.CountAsync());
        await a.Accept(meeting with { MinutesFile = stored });
        var row = await db.MeetingMinutesFiles.SingleAsync();
        Assert.Equal((a.Id, stored.Sha256, "Приложение.pdf", "1"), (row.ResolutionId, row.Sha256, row.Name, row.Protocol));
    }

    [Fact]
    public async Task A_commit_wakes_the_outbox_relay_without_waiting_for_its_poll()
    {
        // Left to its poll, the relay would look again in ten minutes.
        await using var host = await BusHost.StartAsync(new BusHostOptions { Settings = { ["Messaging:OutboxPollInterval"] = "00:10:00" } });
        var relay = host.Services.GetRequiredService<OutboxRelay>();
        await relay.StartAsync(CancellationToken.None);
        try
        {
            var r = new BusClient(host, Guid.NewGuid());
            await r.Accept(r.Start("council-of-ministers-resolution"));
            await r.Accept(r.Submit());

            await BusHost.Eventually(async () =>
            {
                await using var db = host.NewContext();
                return await db.Outbox.AnyAsync() && !await db.Outbox.AnyAsync(o => o.SentAt == null);
            }, "every outbox row relayed", seconds: 20);
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Commands_delivered_out_of_order_are_refused_with_a_reason_and_accepted_in_order()
    {
        await using var host = await BusHost.StartAsync();
        var r = new BusClient(host, Guid.NewGuid());

        // No text seen yet: the hash is not one, whatever the state.
        await r.Reject(r.Submit(), "invalidInput");
        await r.Reject(new Engine.Resolutions.SubmitForReview(new string('0', 64)) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Drafter }, "unknownResolution");
        await r.Accept(r.Start("council-of-ministers-resolution"));
        var early = await r.Reject(r.Agree("by-mfa"), "stageClosed");
        Assert.Contains("drafting", early.Reason, StringComparison.Ordinal);
        await r.Reject(r.SignAs(Actors.PrimeMinisterBelarus), "stageClosed");
        await r.Reject(r.Answer(1, RemarkAnswer.Accepted), "stageClosed");
        await r.Reject(r.RegisterAs("5"), "stageClosed");

        await r.Accept(r.Submit());
        await r.Accept(r.Agree("by-mfa"));
    }

    [Fact]
    public async Task Opinions_for_one_resolution_sent_at_once_are_all_applied()
    {
        await using var host = await BusHost.StartAsync();
        var r = new BusClient(host, Guid.NewGuid());
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());

        var answers = await Task.WhenAll(Actors.ReviewingMinistries.Select(m => r.Send(r.Agree(m))));

        Assert.All(answers, x => Assert.NotNull(x.Accepted));
        Assert.Equal("legal-examination", answers.MaxBy(x => x.Accepted!.Version).Accepted!.StageId);
    }

    [Fact]
    public async Task Malformed_words_in_a_message_are_refused_as_invalid_input()
    {
        await using var host = await BusHost.StartAsync();
        var r = new BusClient(host, Guid.NewGuid());
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());

        var (_, rejected) = await host.Request(new GiveOpinion(Guid.NewGuid(), r.Id, new ActorRef("officer@by-mfa", "by-mfa", ["officer"]), r.Hash, "maybe", [], null));

        Assert.Equal("invalidInput", rejected!.Code);
        Assert.Contains("agreeWithRemarks", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_party_channel_speaks_only_for_its_own_organisation_and_a_false_claim_is_recorded_against_the_party()
    {
        await using var host = await BusHost.StartAsync("by-minfin");
        var r = new BusClient(host, Guid.NewGuid());
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        var channel = await host.Harness.Bus.GetSendEndpoint(new Uri("queue:by-minfin.commands"));

        // On the Ministry of Finance's channel, claiming to be the Ministry of Justice.
        var forged = new GiveOpinion(Guid.NewGuid(), r.Id, new ActorRef("clerk", "ru-minjust", ["officer"]), r.Hash, "agree", [], null);
        await channel.Send(forged);
        var honest = new GiveOpinion(Guid.NewGuid(), r.Id, new ActorRef("clerk", "by-minfin", ["officer", "coordinator"]), r.Hash, "agree", [], null);
        await channel.Send(honest);

        await BusHost.Eventually(async () =>
        {
            await using var ctx = host.NewContext();
            return await ctx.ProcessedCommands.AnyAsync(p => p.CommandId == honest.CommandId) && await ctx.PartyRefusals.AnyAsync(p => p.CommandId == forged.CommandId);
        }, "both channel commands to be handled");
        Assert.True(await host.Harness.Sent.Any<PartyCommandAnswered>(x => x.Context.Message.CommandId == forged.CommandId && !x.Context.Message.Accepted));
        Assert.True(await host.Harness.Sent.Any<PartyCommandAnswered>(x => x.Context.Message.CommandId == honest.CommandId && x.Context.Message.Accepted));
        await using var db = host.NewContext();
        // The refusal is the party's record, not the resolution's history.
        var refused = await db.PartyRefusals.AsNoTracking().SingleAsync(p => p.CommandId == forged.CommandId);
        Assert.Equal(("by-minfin", "notPermitted", r.Id), (refused.Organisation, refused.Code, refused.ResolutionId));
        Assert.Contains("ru-minjust", refused.Reason, StringComparison.Ordinal);
        Assert.False(await db.Journal.AnyAsync(j => j.ResolutionId == r.Id && j.EventType == "command-refused"));
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.ResolutionId == r.Id && t.Kind == "review").ToListAsync();
        Assert.Equal("open", tasks.Single(t => t.Organisation == "ru-minjust").Status);
        Assert.Equal("done", tasks.Single(t => t.Organisation == "by-minfin").Status);
        var opinion = await db.Journal.AsNoTracking().SingleAsync(j => j.ResolutionId == r.Id && j.EventType == "opinion-recorded");
        Assert.Equal("by-minfin/clerk", opinion.ActorUserId);
    }

    [Fact]
    public async Task A_command_that_fails_five_times_becomes_an_incident_and_a_retry_applies_it_once()
    {
        await using var host = await BusHost.StartAsync();
        var r = new BusClient(host, Guid.NewGuid());
        await r.Accept(r.Start("council-of-ministers-resolution"));
        await r.Accept(r.Submit());
        await using (var db = host.NewContext())
        {
            // The cause: a table the command path writes to is gone.
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE processed_commands RENAME TO processed_commands_away");
        }
        var opinion = (GiveOpinion)ContractOf.Command(r.Agree("by-mfa"));
        var endpoint = await host.Harness.Bus.GetSendEndpoint(new Uri("queue:resolution-commands"));
        await endpoint.Send(opinion);

        var incidents = host.Services.GetRequiredService<IncidentLog>();
        IReadOnlyList<IncidentRow> open = [];
        await BusHost.Eventually(async () => (open = await incidents.OpenAsync()).Count > 0, "an incident for the command that failed five times");
        var incident = Assert.Single(open);
        Assert.Equal(opinion.CommandId, incident.CommandId);
        Assert.Equal(5, incident.Attempts); // counted by the bus's retry context, not configured
        Assert.Contains("processed_commands", incident.Error, StringComparison.Ordinal);

        await using (var db = host.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE processed_commands_away RENAME TO processed_commands");
        }
        Assert.True(await incidents.RetryAsync(incident.Id, "coordinator@su-standing-committee", host.Harness.Bus, new Uri("queue:resolution-commands")));
        Assert.False(await incidents.RetryAsync(incident.Id, "coordinator@su-standing-committee", host.Harness.Bus, new Uri("queue:resolution-commands")));

        await using var check = host.NewContext();
        await BusHost.Eventually(() => check.ProcessedCommands.AnyAsync(p => p.CommandId == opinion.CommandId), "the retried command processed");
        Assert.Equal(1, await check.Journal.CountAsync(j => j.ResolutionId == r.Id && j.EventType == "opinion-recorded"));
        var (again, _) = await host.Request(opinion);
        Assert.True(again!.Duplicate);
        Assert.Empty(await incidents.OpenAsync());
    }
}
