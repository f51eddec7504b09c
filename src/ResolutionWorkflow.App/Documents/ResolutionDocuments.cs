using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Documents.Layout;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.App.Documents;

/// <summary>The documents a resolution can be exported as.</summary>
public enum DocumentKind { ApprovalSheet, DisagreementTable, Act }

/// <summary>
/// The documents officials file, filled from a resolution at any stage, in Russian (English on
/// request): the approval sheet (each body's latest opinion per stage of review), the disagreement
/// table (remark, proposed wording, the drafter's answer, the conciliation decision) and the act
/// (citation, text, annexes, signatures, the journal's head). Times on the act's clock (Moscow for
/// Union State acts). The caller decides who may read the resolution.
/// </summary>
public sealed class ResolutionDocuments(IDbContextFactory<ResolutionDbContext> contexts, Names names, WorkflowCatalog catalog)
{
    public static readonly IReadOnlyDictionary<string, DocumentKind> Kinds = new Dictionary<string, DocumentKind>(StringComparer.Ordinal)
    {
        ["approval-sheet"] = DocumentKind.ApprovalSheet,
        ["disagreement-table"] = DocumentKind.DisagreementTable,
        ["act"] = DocumentKind.Act,
    };

    public static string FileName(DocumentKind kind, string language) => (kind, language) switch
    {
        (DocumentKind.ApprovalSheet, "en") => "approval-sheet",
        (DocumentKind.DisagreementTable, "en") => "disagreement-table",
        (DocumentKind.Act, "en") => "act",
        (DocumentKind.ApprovalSheet, _) => "Лист согласования",
        (DocumentKind.DisagreementTable, _) => "Таблица разногласий",
        _ => "Постановление",
    };

    public async Task<OfficialDocument?> BuildAsync(Guid id, DocumentKind kind, string language, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var r = await db.Resolutions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct).ConfigureAwait(false);
            if (r is null) { return null; }
            var current = (await db.VersionAsync(r.Id, r.CurrentTextVersion, ct).ConfigureAwait(false))!;
            var facts = new Facts(r, current, language, catalog.Find(r.DefinitionId, r.DefinitionVersion)?.ActZone ?? TimeZoneInfo.Utc);
            return kind switch
            {
                DocumentKind.ApprovalSheet => await ApprovalSheetAsync(db, facts, ct).ConfigureAwait(false),
                DocumentKind.DisagreementTable => await DisagreementTableAsync(db, facts, ct).ConfigureAwait(false),
                _ => await ActAsync(db, facts, ct).ConfigureAwait(false),
            };
        }
    }

    private sealed record Facts(ResolutionRow Resolution, StoredVersion Current, string Language, TimeZoneInfo Zone)
    {
        public bool En => Language == "en";

        public string T(string ru, string en) => En ? en : ru;

        public string Time(DateTimeOffset at) => Notifier.InstantText(at, Zone.Id, Language);

        public string Day(DateTimeOffset at) => Notifier.DateText(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime), Language);
    }

    /// <summary>The draft named as the first lines of every document: the kind of act and its title, the version and its hash.</summary>
    private List<Block> Subject(Facts f)
    {
        var (r, version) = (f.Resolution, f.Current.Text);
        var act = catalog.Find(r.DefinitionId, r.DefinitionVersion)?.Title.In(f.Language) ?? r.DefinitionId;
        return
        [
            new Paragraph(r.RegistrationNumber is { } number
                ? names.Citation(f.Language, r.DefinitionId, r.DefinitionVersion, r.ActDate, number, r.RegistrationYear)
                : f.T($"Проект: {act}", $"Draft: {act}"), Align: Alignment.Centre),
            new Paragraph($"«{r.Title}»", Bold: true, Align: Alignment.Centre),
            new Paragraph(f.T($"Текст в редакции № {version.Number} от {f.Day(version.IssuedAt)}", $"Text version {version.Number} of {f.Day(version.IssuedAt)}"), Align: Alignment.Left),
            new Paragraph($"SHA-256 {version.Hash}", Align: Alignment.Left, Code: true),
        ];
    }

    /// <summary>Each account's holder as they are now: their position and their shown name ("Андреева М. В.").</summary>
    private static async Task<Dictionary<string, (string Position, string Name)>> PeopleAsync(ResolutionDbContext db, IEnumerable<string> userNames, CancellationToken ct)
    {
        var wanted = userNames.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => u.UserName != null && wanted.Contains(u.UserName) && u.DisplayName != "")
            .ToDictionaryAsync(u => u.UserName!, u => (u.Position, u.DisplayName), ct).ConfigureAwait(false);
    }

    /// <summary>An official as a table cell: the position over the name.</summary>
    private static string Official(string position, string name) => position.Length > 0 ? $"{position}\n{name}" : name;

    /// <summary>
    /// The approval sheet as a document office keeps it: per stage of review, each body's latest
    /// answer — the body, the official who gave it (position, surname and initials, as recorded with
    /// it), the date and number of its letter, the conclusion in its own words (a legal examination's
    /// as conclusions) and its remarks (how many, and their rows in the disagreement table).
    /// </summary>
    private async Task<OfficialDocument> ApprovalSheetAsync(ResolutionDbContext db, Facts f, CancellationToken ct)
    {
        var r = f.Resolution;
        var definition = catalog.Find(r.DefinitionId, r.DefinitionVersion);
        var opinions = await db.Journal.AsNoTracking().Where(j => j.ResolutionId == r.Id && j.EventType == "opinion-recorded").OrderBy(j => j.Sequence)
            .ToListAsync(ct).ConfigureAwait(false);
        // Each body's latest opinion per stage: a second round's answer replaces the first.
        var latest = opinions.Select(j => (Entry: j, Data: JsonNode.Parse(j.Data)!.AsObject()))
            .GroupBy(o => ((string)o.Data["stageId"]!, (string)o.Data["organisation"]!)).Select(g => g.Last()).OrderBy(o => o.Entry.Sequence).ToList();
        // Answers given before officials were recorded with them name the account's holder as they are now.
        var people = await PeopleAsync(db, latest.Select(o => (string)o.Data["userId"]!), ct).ConfigureAwait(false);
        var remarks = (await db.Remarks.AsNoTracking().Where(x => x.ResolutionId == r.Id).OrderBy(x => x.RemarkNo)
            .Select(x => new { x.StageId, x.Organisation, x.TextVersion, x.RemarkNo }).ToListAsync(ct).ConfigureAwait(false))
            .ToLookup(x => (x.StageId, x.Organisation, x.TextVersion), x => x.RemarkNo);
        var blocks = Subject(f);
        foreach (var stage in latest.GroupBy(o => (string)o.Data["stageId"]!))
        {
            var legal = definition?.Stages.FirstOrDefault(s => s.Id == stage.Key) is ReviewStage { LegalExamination: true };
            blocks.Add(new Paragraph(names.Stage(f.Language, r.DefinitionId, r.DefinitionVersion, stage.Key), Bold: true, Align: Alignment.Left));
            blocks.Add(new Table(
            [
                new("№", 0.4), new(f.T("Орган", "Body"), 2.4), new(f.T("Должностное лицо", "Official"), 2.2), new(f.T("Письмо (дата, номер)", "Letter (date, number)"), 1.4),
                new(legal ? f.T("Заключение по результатам правовой экспертизы", "Conclusion of the legal examination") : f.T("Заключение", "Opinion"), 2.0),
                new(f.T("Замечания", "Remarks"), 1.6),
            ], [.. stage.Select((o, i) =>
            {
                var kind = (string)o.Data["kind"]!;
                var organisation = (string)o.Data["organisation"]!;
                var official = o.Data["official"] is JsonObject recorded ? Official((string?)recorded["position"] ?? "", (string?)recorded["name"] ?? "")
                    : people.TryGetValue((string)o.Data["userId"]!, out var holder) ? Official(holder.Position, holder.Name) : "—";
                var letter = (string?)o.Data["letterNumber"] is { } number ? f.T($"\nИсх. № {number}", $"\nNo. {number}") : "";
                var late = (bool?)o.Data["late"] == true ? f.T(" (поступило с опозданием)", " (received late)") : "";
                // The remarks of this answer: those raised on the version it answers, not an earlier round's.
                var rows = remarks[(stage.Key, organisation, (int)o.Data["textVersion"]!)].ToList();
                return (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    names.OrganisationFull(f.Language, organisation),
                    kind == "deemedAgreed" ? "—" : official,
                    kind == "deemedAgreed" ? "—" : f.Day(o.Entry.At) + letter,
                    names.Word(f.Language, legal ? "conclusion" : "opinion", kind) + late
                        + f.T($"\n(текст в редакции № {(int)o.Data["textVersion"]!})", $"\n(text version {(int)o.Data["textVersion"]!})"),
                    rows.Count == 0 ? f.T("нет", "none")
                        : names.Count(f.Language, "remarks", rows.Count) + f.T($"\n(таблица разногласий, № {string.Join(", ", rows)})", $"\n(disagreement table, No. {string.Join(", ", rows)})"),
                ];
            })]));
        }
        if (latest.Count == 0) { blocks.Add(new Paragraph(f.T("Заключения пока не поступали.", "No opinions yet."), Align: Alignment.Left)); }
        return new OfficialDocument(f.Language, f.T("Лист согласования", "Approval sheet"), blocks, Landscape: true);
    }

    private async Task<OfficialDocument> DisagreementTableAsync(ResolutionDbContext db, Facts f, CancellationToken ct)
    {
        var r = f.Resolution;
        var remarks = await db.Remarks.AsNoTracking().Where(x => x.ResolutionId == r.Id).OrderBy(x => x.RemarkNo).ToListAsync(ct).ConfigureAwait(false);
        var rows = remarks.Select(x => (IReadOnlyList<string>)
        [
            x.RemarkNo.ToString(CultureInfo.InvariantCulture),
            x.Clause,
            $"{x.Text}\n({names.Organisation(f.Language, x.Organisation)}{(x.Objection ? f.T(", возражение", ", objection") : "")}{(x.Late ? f.T(", поступило с опозданием", ", received late") : "")})",
            x.ProposedWording ?? "—",
            x.Answer is null ? f.T("не рассмотрено", "not answered") : $"{names.Word(f.Language, "answer", x.Answer)}: {x.AnswerReason}",
            (x.Conciliation is null && x.ConciliationChoice is null ? "—" : names.Decision(f.Language, x.ConciliationChoice, x.ConciliationWording, x.Conciliation))
                + (x.WordingVersion is { } carried ? f.T($" (включена в текст в редакции № {carried})", $" (included in version {carried})") : "") + (x.Dissent is null ? "" : f.T($"\nвозражения к протоколу: {x.Dissent}", $"\ndissent: {x.Dissent}")),
            names.Word(f.Language, "remark", x.Status),
        ]).ToList();
        var blocks = Subject(f);
        blocks.Add(new Table(
        [
            new("№", 0.5), new(f.T("Пункт", "Clause"), 0.7), new(f.T("Замечание (орган)", "Remark (body)"), 2.6), new(f.T("Предлагаемая редакция", "Proposed wording"), 2.2),
            new(f.T("Ответ разработчика и обоснование", "Drafter's answer and reason"), 2.2), new(f.T("Решение согласительного совещания", "Conciliation decision"), 1.8), new(f.T("Состояние", "Status"), 1.2),
        ], rows));
        if (rows.Count == 0) { blocks.Add(new Paragraph(f.T("Замечаний нет.", "No remarks."), Align: Alignment.Left)); }
        return new OfficialDocument(f.Language, f.T("Таблица разногласий", "Disagreement table"), blocks, Landscape: true);
    }

    private async Task<OfficialDocument> ActAsync(ResolutionDbContext db, Facts f, CancellationToken ct)
    {
        var r = f.Resolution;
        var (version, attachments) = f.Current;
        var signatures = await db.Signatures.AsNoTracking().Where(s => s.ResolutionId == r.Id).OrderBy(s => s.JournalSequence).ToListAsync(ct).ConfigureAwait(false);
        var people = await PeopleAsync(db, signatures.Select(s => s.UserId), ct).ConfigureAwait(false);
        var blocks = Subject(f);
        blocks.AddRange(version.Text.Split('\n').Where(l => l.Length > 0).Select(l => new Paragraph(l)));
        if (attachments.Count > 0)
        {
            blocks.Add(new Paragraph(f.T("Приложения:", "Annexes:"), Bold: true, Align: Alignment.Left));
            foreach (var (a, i) in attachments.Select((a, i) => (a, i)))
            {
                blocks.Add(new Paragraph($"{i + 1}. {names.Word(f.Language, "attachmentKind", a.Kind)} «{a.Name}», {names.Count(f.Language, "bytes", a.Size)}", Align: Alignment.Left));
                blocks.Add(new Paragraph($"SHA-256 {a.Sha256}", Align: Alignment.Left, Code: true));
            }
        }
        blocks.Add(new Paragraph(f.T("Подписи", "Signatures"), Bold: true, Align: Alignment.Left));
        blocks.Add(new Table(
        [
            new(f.T("Подписывающее лицо", "Signatory"), 2.2), new(f.T("Должностное лицо", "Official"), 2.0), new(f.T("Время подписания", "Signed at"), 1.8),
            new(f.T("Текст в редакции №", "Text version"), 1.0), new(f.T("Состояние", "Status"), 1.0),
        ], [.. signatures.Select(s => (IReadOnlyList<string>)
        [
            names.Participant(f.Language, s.SignatoryKey),
            people.TryGetValue(s.UserId, out var signer) ? signer.Name : s.UserId,
            f.Time(s.SignedAt),
            s.TextVersion.ToString(CultureInfo.InvariantCulture),
            s.VoidedAt is null ? f.T("действительна", "valid") : f.T("аннулирована", "voided"),
        ])]));
        // Each signed version's hash on a line of its own, whole.
        foreach (var signed in signatures.DistinctBy(s => s.TextHash))
        {
            blocks.Add(new Paragraph(f.T($"Текст в редакции № {signed.TextVersion}: SHA-256 {signed.TextHash}", $"Text version {signed.TextVersion}: SHA-256 {signed.TextHash}"), Align: Alignment.Left, Code: true));
        }
        if (signatures.Count == 0) { blocks.Add(new Paragraph(f.T("Не подписано.", "Not signed."), Align: Alignment.Left)); }
        blocks.Add(new Paragraph(f.T($"Журнал: {names.Count(f.Language, "journalEntries", r.JournalLength)}; SHA-256 последней записи:", $"Journal: {names.Count(f.Language, "journalEntries", r.JournalLength)}; SHA-256 of the last entry:"), Align: Alignment.Left));
        blocks.Add(new Paragraph(r.JournalHead, Align: Alignment.Left, Code: true));
        return new OfficialDocument(f.Language, f.T("Постановление", "Act"), blocks);
    }
}
