using System.Globalization;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResolutionWorkflow.App.Deadlines;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Deadlines;

/// <summary>Deadline rows, the sweeper, Hangfire jobs and the pickup folder, with a fake clock.</summary>
[Collection(HostedAppTests.Name)]
public sealed class DeadlineAndMailTests
{
    /// <summary>Thursday 24 April 2025, 10:00 in Minsk and Moscow: the two calendars part ways over the next weeks.</summary>
    private static readonly DateTimeOffset Thursday = new(2025, 4, 24, 7, 0, 0, TimeSpan.Zero);

    private static string MailboxOf(string organisation) => ResolutionDriverRegistry.Mailbox(organisation);

    private static async Task<BusClient> InReview(BusHost host, string definition = "council-of-ministers-resolution")
    {
        var r = new BusClient(host, Guid.NewGuid());
        await r.Accept(r.Start(definition));
        await r.Accept(r.Submit());
        return r;
    }

    [Fact]
    public async Task On_the_embedded_default_a_sweep_turn_skips_while_the_sweep_runs_elsewhere_and_sweeps_once_it_is_free()
    {
        // The recurring turns are off: this test takes them by hand.
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday, Settings = { ["Deadlines:Sweep"] = "false" } });
        await InReview(host);
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));
        var turn = host.Services.GetRequiredService<SweepTurn>();
        var storage = host.Services.GetRequiredService<JobStorage>();

        // Another worker holds the sweep's lock, on a thread of its own (Hangfire's storages may count holders per thread).
        using var taken = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Factory.StartNew(() =>
        {
            using var connection = storage.GetConnection();
            using (connection.AcquireDistributedLock(SweepTurn.LockName, TimeSpan.FromSeconds(5)))
            {
                taken.Set();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(taken.Wait(TimeSpan.FromSeconds(10)), "the other worker did not get the sweep's lock");
        Assert.Null(turn.Run(CancellationToken.None));
        release.Set();
        await holder;

        var swept = turn.Run(CancellationToken.None);
        await using var db = host.NewContext();
        Assert.True(swept > 0, "the turn after the lock was given back claimed nothing");
        Assert.Equal(swept, await db.Deadlines.CountAsync(d => d.State != DeadlineStates.Pending));
    }

    [Fact]
    public async Task Reminders_come_at_working_day_offsets_in_each_partys_calendar_and_not_after_the_task_is_done()
    {
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday });
        var r = await InReview(host);
        await r.Accept(r.Agree("ru-minfin"));
        var sweeper = host.Services.GetRequiredService<DeadlineSweeper>();

        // Tuesday 6 May: no reminder is due yet anywhere.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 6, 12, 0, 0, TimeSpan.Zero));
        Assert.Empty(await sweeper.SweepAsync(CancellationToken.None));

        // Monday 12 May, 09:30: Belarus (due 13 May) has had its 3- and 1-working-day reminders,
        // Russia (due 14 May, 8-11 May off) only its 3-day one (7 May); the 1-day one is on 13 May.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 12, 6, 30, 0, TimeSpan.Zero));
        await sweeper.SweepAsync(CancellationToken.None);
        await BusHost.Eventually(async () =>
        {
            await using var db = host.NewContext();
            return !await db.Deadlines.AnyAsync(d => d.State == DeadlineStates.Claimed);
        }, "the reminder jobs");

        var reminders = host.Mail("reminder");
        int To(string org) => reminders.Count(m => m.To.Mailboxes.Any(a => a.Address == MailboxOf(org)));
        Assert.Equal(2, To("by-minfin"));
        Assert.Equal(2, To("by-minjust"));
        Assert.Equal(1, To("ru-mfa"));
        Assert.Equal(0, To("ru-minfin")); // agreed at once: its reminders are skipped
        var byMail = reminders.First(m => m.To.Mailboxes.Any(a => a.Address == MailboxOf("by-minfin")));
        Assert.Contains("13 мая 2025 г., 18:00 (по минскому времени)", byMail.TextBody, StringComparison.Ordinal);
        var ruMail = reminders.First(m => m.To.Mailboxes.Any(a => a.Address == MailboxOf("ru-mfa")));
        Assert.Contains("14 мая 2025 г., 18:00 (по московскому времени)", ruMail.TextBody, StringComparison.Ordinal);
        await using var check = host.NewContext();
        // Every mail carries the journal head as it stood: an anchor in every mailbox it reaches.
        var row = await check.Resolutions.AsNoTracking().SingleAsync(x => x.Id == r.Id);
        Assert.All(reminders, m => Assert.Equal($"{r.Id:D} {row.JournalLength} {row.JournalHead}", m.Headers[App.Notifications.Notifier.JournalHeadHeader]));
        Assert.True(await check.Deadlines.AnyAsync(d => d.State == DeadlineStates.Skipped));
    }

    [Fact]
    public async Task A_review_mail_reads_as_an_official_notice_with_its_deadline_and_the_days_left_in_words()
    {
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday });
        var r = await InReview(host);
        await host.Services.GetRequiredService<OutboxRelay>().RelayBatchAsync(CancellationToken.None);
        static bool ToJustice(MimeKit.MimeMessage m) => m.To.Mailboxes.Any(a => a.Address == MailboxOf("by-minjust"));
        await BusHost.Eventually(() => Task.FromResult(host.Mail("task-assigned").Any(ToJustice)), "the review mail");

        var mail = host.Mail("task-assigned").First(ToJustice);
        var text = mail.TextBody!;
        Assert.StartsWith("На согласование: проект постановления Совета Министров Союзного государства «", mail.Subject, StringComparison.Ordinal);
        // A body's office with no official known by name is greeted as colleagues; the request and the deadline in the words of an official letter.
        Assert.StartsWith("Уважаемые коллеги!", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Адресат", text, StringComparison.Ordinal);
        Assert.Contains("Направляем на согласование проект постановления Совета Министров Союзного государства «", text, StringComparison.Ordinal);
        var due = Regex.Match(text, @"Просим представить заключение \(согласовано, согласовано с замечаниями или не согласовано с изложением возражений\) до \d{1,2} мая 2025 г\., 18:00 \(по минскому времени\) \((?<left>[^)]*)\)\.");
        Assert.True(due.Success, text);
        var days = int.Parse(Regex.Match(due.Groups["left"].Value, @"\d+").Value, CultureInfo.InvariantCulture);
        Assert.Equal(days % 10 is >= 2 and <= 4 && days % 100 is < 12 or > 14 ? $"осталось {days} рабочих дня" : $"осталось {days} рабочих дней", due.Groups["left"].Value);
        Assert.Contains("Этап: «Межведомственное согласование».", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b(interministerial-review|by-minjust|review|officer)\b", mail.Subject + text + mail.HtmlBody);
        Assert.Contains("<p>Уважаемые коллеги!</p>", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_with_an_address_of_their_own_gets_the_task_mail_greeted_by_name_in_their_language_with_the_office_in_copy()
    {
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday });
        await using (var db = host.NewContext())
        {
            var officer = new IdentityRole("officer") { NormalizedName = "OFFICER" };
            static AppUser Person(string name, string organisation, string? email, string language) =>
                new() { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Organisation = organisation, DisplayName = $"{name} ({organisation})", Email = email, Language = language,
                    Surname = "Иванова", GivenName = "Мария", Patronymic = "Сергеевна" };
            var withAddress = Person("ivanova", "by-minjust", "ivanova@minjust.example", "en");
            var withoutAddress = Person("petrov", "by-minjust", null, "ru");
            var notAnOfficer = Person("sidorov", "by-minjust", "sidorov@minjust.example", "ru");
            var otherBody = Person("kuznetsova", "by-mchs", "kuznetsova@mchs.example", "ru");
            db.Roles.Add(officer);
            db.Users.AddRange(withAddress, withoutAddress, notAnOfficer, otherBody);
            db.UserRoles.AddRange(
                new IdentityUserRole<string> { UserId = withAddress.Id, RoleId = officer.Id },
                new IdentityUserRole<string> { UserId = withoutAddress.Id, RoleId = officer.Id },
                new IdentityUserRole<string> { UserId = otherBody.Id, RoleId = officer.Id });
            await db.SaveChangesAsync();
        }
        await InReview(host);
        await host.Services.GetRequiredService<OutboxRelay>().RelayBatchAsync(CancellationToken.None);
        await BusHost.Eventually(() => Task.FromResult(host.Mail("task-assigned").Count >= 7), "the review mails");

        // The body's one official with an address gets the mail, greeted by name, with the office box in copy; the office gets no second mail.
        var toJustice = host.Mail("task-assigned").Where(m => m.To.Mailboxes.Concat(m.Cc.Mailboxes).Any(a => a.Address is "ivanova@minjust.example" || a.Address == MailboxOf("by-minjust"))).ToList();
        var personal = Assert.Single(toJustice);
        Assert.Equal("ivanova@minjust.example", personal.To.Mailboxes.Single().Address);
        Assert.Equal("Иванова Мария Сергеевна", personal.To.Mailboxes.Single().Name);
        Assert.Equal(MailboxOf("by-minjust"), personal.Cc.Mailboxes.Single().Address);
        Assert.Equal("en", personal.Body!.Headers["Content-Language"]);
        Assert.StartsWith("For review: draft resolution", personal.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Dear Мария Иванова,", personal.TextBody, StringComparison.Ordinal);
        var addresses = host.Mail("task-assigned").SelectMany(m => m.To.Mailboxes).Select(a => a.Address).ToList();
        Assert.DoesNotContain("sidorov@minjust.example", addresses);
        Assert.DoesNotContain("kuznetsova@mchs.example", addresses);
    }

    [Fact]
    public async Task At_the_deadline_silence_counts_as_agreement_and_the_rule_is_journaled()
    {
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday });
        var r = await InReview(host);
        // Russia's Ministry of Finance stays silent: by the definition, a Russian body's silence is agreement
        // (Russia's Ministry of Economic Development, the other such body, drafted this one and is not asked).
        foreach (var m in Actors.ReviewingMinistries.Except(["ru-minfin"])) { await r.Accept(r.Agree(m)); }

        host.Clock.SetUtcNow(new DateTimeOffset(2025, 5, 14, 16, 0, 0, TimeSpan.Zero)); // past its due instant
        await host.Services.GetRequiredService<DeadlineSweeper>().SweepAsync(CancellationToken.None);

        await BusHost.Eventually(async () =>
        {
            await using var db = host.NewContext();
            return (await db.Resolutions.SingleAsync(x => x.Id == r.Id)).StageId == "legal-examination";
        }, "the silence policy");
        await using var check = host.NewContext();
        var applied = await check.Journal.AsNoTracking().Where(j => j.ResolutionId == r.Id && j.EventType == "silence-policy-applied").ToListAsync();
        Assert.Single(applied);
        Assert.All(applied, j => Assert.Contains("deemed agreed", j.Data, StringComparison.Ordinal));
        Assert.Equal(1, await check.Journal.CountAsync(j => j.ResolutionId == r.Id && j.EventType == "opinion-recorded" && j.Data.Contains("deemedAgreed")));
    }

    [Fact]
    public async Task A_missed_financial_review_escalates_to_the_coordinator_by_mail()
    {
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday });
        var r = await InReview(host, "union-state-programme");
        foreach (var m in Actors.ReviewingMinistries) { await r.Accept(r.Agree(m)); }
        await r.Accept(r.Agree("by-minfin"));
        await r.Accept(r.Agree("ru-minfin"));

        // The Standing Committee stays silent; the financial review's silence policy escalates.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));
        await host.Services.GetRequiredService<DeadlineSweeper>().SweepAsync(CancellationToken.None);
        await BusHost.Eventually(async () =>
        {
            await using var db = host.NewContext();
            return await db.Journal.AnyAsync(j => j.ResolutionId == r.Id && j.EventType == "task-escalated");
        }, "the escalation");

        // The journal entry reaches the notification job through the outbox and the bus.
        await host.Services.GetRequiredService<OutboxRelay>().RelayBatchAsync(CancellationToken.None);
        await BusHost.Eventually(() => Task.FromResult(host.Mail("escalation").Count > 0), "the escalation mail");
        var mail = Assert.Single(host.Mail("escalation"));
        Assert.Equal(MailboxOf("su-standing-committee"), mail.To.Mailboxes.Single().Address);
        Assert.Contains("Постоянный Комитет", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://resolutions.test/resolutions/{r.Id}", mail.TextBody, StringComparison.Ordinal);
        await using var check = host.NewContext();
        Assert.Contains(await check.Journal.AsNoTracking().Where(j => j.ResolutionId == r.Id && j.EventType == "silence-policy-applied").Select(j => j.Data).ToListAsync(),
            d => d.Contains("escalated to coordinator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_revision_mail_lists_the_open_remarks_with_the_wording_each_body_proposes()
    {
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday });
        var r = await InReview(host);
        await r.Accept(new ResolutionWorkflow.Engine.Resolutions.RecordOpinion(r.Hash, ResolutionWorkflow.Engine.Resolutions.OpinionKind.Disagree,
            [new("1", "Срок не согласован с бюджетным циклом.", "1. Утвердить программу на 2027–2031 годы.")])
        { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Officer("by-minfin") });
        foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { await r.Accept(r.Agree(m)); }

        await host.Services.GetRequiredService<OutboxRelay>().RelayBatchAsync(CancellationToken.None);
        static bool Revision(MimeKit.MimeMessage m) => (m.Subject ?? "").StartsWith("На доработку", StringComparison.Ordinal);
        await BusHost.Eventually(() => Task.FromResult(host.Mail("task-assigned").Any(Revision)), "the revision mail");
        var mail = host.Mail("task-assigned").First(Revision);
        var text = mail.TextBody!.ReplaceLineEndings("\n");
        Assert.True(text.Contains("Неурегулированные замечания:\n№ 1, пункт 1 (Минфин Беларуси): Срок не согласован с бюджетным циклом. Предлагаемая редакция: «1. Утвердить программу на 2027–2031 годы.»",
            StringComparison.Ordinal), text);
        Assert.Contains("Предлагаемая редакция: «1. Утвердить программу на 2027–2031 годы.»", mail.HtmlBody, StringComparison.Ordinal);
        // A reviewer's mail has no table to show.
        Assert.All(host.Mail("task-assigned").Where(m => !Revision(m)), m => Assert.DoesNotContain("Замечания:", m.TextBody!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_publication_mail_cites_the_act_by_the_day_of_its_last_signature_in_moscow_and_its_number()
    {
        await using var host = await BusHost.StartAsync(new BusHostOptions { Now = Thursday });
        var r = await InReview(host);
        foreach (var m in Actors.ReviewingMinistries) { await r.Accept(r.Agree(m)); }
        foreach (var m in Actors.LegalBodies) { await r.Accept(r.Agree(m)); }
        foreach (var c in r.AdoptAtMeeting(host.Clock.GetUtcNow())) { await r.Accept(c); }
        await r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 27, 21, 30, 0, TimeSpan.Zero)); // 00:30 on 28 February in Moscow
        await r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
        await r.Accept(r.RegisterAs("9"));
        await r.Accept(r.Publish("by"));
        await r.Accept(r.Publish("ru"));

        await host.Services.GetRequiredService<OutboxRelay>().RelayBatchAsync(CancellationToken.None);
        await BusHost.Eventually(() => Task.FromResult(host.Mail("published").Count > 0), "the publication mail");
        var mail = host.Mail("published").First(m => m.To.Mailboxes.Single().Address == MailboxOf("su-standing-committee"));
        Assert.Contains("Постановление Совета Министров Союзного государства от 28 февраля 2026 г. № 9 «", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("от 28 февраля 2026 г. № 9", mail.HtmlBody, StringComparison.Ordinal);
        await using var check = host.NewContext();
        var row = await check.Resolutions.AsNoTracking().SingleAsync(x => x.Id == r.Id);
        Assert.Equal(new DateOnly(2026, 2, 28), row.ActDate);
        Assert.Equal(2026, row.RegistrationYear);
    }

    [Fact]
    public async Task A_process_killed_between_the_commit_and_the_sweep_loses_no_reminder()
    {
        string folder;
        await using (var first = await BusHost.StartAsync(new BusHostOptions { Now = Thursday, KeepFiles = true }))
        {
            var r = await InReview(first);
            folder = first.DataFolder;
            // Stopped here: the transitions are committed, nothing was swept.
        }

        await using var second = await BusHost.StartAsync(new BusHostOptions { DataFolder = folder, Now = new DateTimeOffset(2025, 5, 7, 7, 0, 0, TimeSpan.Zero) });
        await second.Services.GetRequiredService<DeadlineSweeper>().SweepAsync(CancellationToken.None);
        await BusHost.Eventually(() => Task.FromResult(second.Mail("reminder").Count >= Actors.ReviewingMinistries.Length), "reminders after the restart");
        Assert.Equal(Actors.ReviewingMinistries.Length, second.Mail("reminder").Count); // one 3-day reminder per reviewing ministry
        Directory.Delete(folder, recursive: true);
    }
}
