using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Web.Resolutions;

/// <summary>An open task of the reader's; <see cref="WorkingDaysLeft"/> counted in the task's <see cref="Calendar"/>, as its mails count them.</summary>
public sealed record InboxItem(Guid ResolutionId, string Title, string DefinitionId, int DefinitionVersion, string StageId, int TaskNo, string Kind, string ParticipantKey, DateTimeOffset? DueAt, int? WorkingDaysLeft, bool Overdue, bool Provisional,
    string? Calendar = null);

public sealed record ResolutionView(
    ResolutionRow Resolution,
    IReadOnlyList<TextVersionRow> Versions,
    IReadOnlyList<TaskRow> Tasks,
    IReadOnlyList<RemarkRow> Remarks,
    IReadOnlyList<SignatureRow> Signatures,
    IReadOnlyList<PublicationRow> Publications,
    IReadOnlyList<JournalRow> Journal,
    IReadOnlyList<VersionAttachmentRow> Attachments)
{
    /// <summary>The documents a version carries, in the order attached.</summary>
    public IEnumerable<VersionAttachmentRow> AttachmentsOf(int version) => Attachments.Where(a => a.VersionNumber == version).OrderBy(a => a.Position);
}

/// <summary>One page of resolutions, most recently active first, and the cursor of the next page (null on the last).</summary>
public sealed record ResolutionPage(IReadOnlyList<ResolutionRow> Items, string? Next);

/// <summary>
/// Reads for pages and the API: straight from the tables, without tracking, and only what the
/// reader needs to know — an officer the resolutions their organisation takes or took part in, a
/// drafter their organisation's drafts; coordinators, registrars, signatories (the Chairman among them) and administrators all.
/// </summary>
public sealed class ResolutionQueries(IDbContextFactory<ResolutionDbContext> contexts, OrganisationRegistry registry, CalendarSet calendars, TimeProvider time)
{
    /// <summary>Open tasks the actor may act on: their organisation's, or their role's (in their country); overdue first.</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(ActorRef actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var roles = actor.Roles.ToList();
        var country = registry.Organisations.TryGetValue(actor.Organisation, out var org) ? org.Country : null;
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await (from t in db.Tasks.AsNoTracking()
                              join r in db.Resolutions.AsNoTracking() on t.ResolutionId equals r.Id
                              where t.Status == "open" && r.Status == "active"
                                  && (t.UserId == null || t.UserId == actor.UserId)
                                  && (t.Organisation == null || t.Organisation == actor.Organisation)
                                  && (t.Role == null || roles.Contains(t.Role))
                                  && (t.Country == null || t.Country == country)
                              select new { t, r.Title, r.DefinitionId, r.DefinitionVersion }).ToListAsync(ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            return [.. rows.Select(x => new InboxItem(x.t.ResolutionId, x.Title, x.DefinitionId, x.DefinitionVersion, x.t.StageId, x.t.TaskNo, x.t.Kind, x.t.ParticipantKey, x.t.DueAt,
                    App.Deadlines.TimeLeft.WorkingDays(calendars, now, x.t.DueAt, x.t.Calendar), x.t.DueAt < now, x.t.DueIsProvisional, x.t.Calendar))
                .OrderByDescending(i => i.Overdue).ThenBy(i => i.DueAt ?? DateTimeOffset.MaxValue)];
        }
    }

    /// <summary>Roles whose work spans every resolution.</summary>
    public static readonly IReadOnlyList<string> SeeAll = ["coordinator", "registrar", "signatory", "chairman", "administrator"];

    public const int DefaultPageSize = 50, MaxPageSize = 200;

    /// <summary>The resolutions <paramref name="reader"/> may read (the same rule as <see cref="VisibleAmongAsync"/>: change both together).</summary>
    internal static IQueryable<ResolutionRow> Visible(ResolutionDbContext db, ActorRef reader)
    {
        var all = db.Resolutions.AsNoTracking();
        if (reader.Roles.Any(SeeAll.Contains)) { return all; }
        var organisation = reader.Organisation;
        var officer = reader.Roles.Contains("officer");
        var drafter = reader.Roles.Contains("drafter");
        return all.Where(r => (drafter && r.DrafterOrganisation == organisation)
            || (officer && db.Tasks.Any(t => t.ResolutionId == r.Id && t.Organisation == organisation)));
    }

    /// <summary>
    /// Which of <paramref name="ids"/> the reader may read — the rule of <see cref="Visible"/>, asked
    /// from the few ids' side (their tasks and rows by key) rather than over every resolution.
    /// </summary>
    internal static async Task<HashSet<Guid>> VisibleAmongAsync(ResolutionDbContext db, ActorRef reader, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (reader.Roles.Any(SeeAll.Contains)) { return [.. ids]; }
        var organisation = reader.Organisation;
        // The ids inline: as one JSON parameter SQLite's planner scans every task rather than seek each id.
        var visible = new HashSet<Guid>();
        if (reader.Roles.Contains("drafter"))
        {
            visible.UnionWith(await db.Resolutions.AsNoTracking().Where(r => EF.Constant(ids).Contains(r.Id) && r.DrafterOrganisation == organisation)
                .Select(r => r.Id).ToListAsync(ct).ConfigureAwait(false));
        }
        if (reader.Roles.Contains("officer"))
        {
            // The organisation is compared here: in SQL, SQLite would walk its index of the organisation's every task instead.
            var tasks = await db.Tasks.AsNoTracking().Where(t => EF.Constant(ids).Contains(t.ResolutionId))
                .Select(t => new { t.ResolutionId, t.Organisation }).ToListAsync(ct).ConfigureAwait(false);
            visible.UnionWith(tasks.Where(t => t.Organisation == organisation).Select(t => t.ResolutionId));
        }
        return visible;
    }

    /// <summary>A resolution whole, or null when there is none the reader may read (the same answer either way).</summary>
    public async Task<ResolutionView?> ResolutionAsync(Guid id, ActorRef reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await Visible(db, reader).SingleOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false);
            if (row is null) { return null; }
            return new ResolutionView(row,
                await db.TextVersions.AsNoTracking().Where(v => v.ResolutionId == id).OrderBy(v => v.Number).ToListAsync(ct).ConfigureAwait(false),
                await db.Tasks.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.TaskNo).ToListAsync(ct).ConfigureAwait(false),
                await db.Remarks.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.RemarkNo).ToListAsync(ct).ConfigureAwait(false),
                await db.Signatures.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.JournalSequence).ToListAsync(ct).ConfigureAwait(false),
                await db.Publications.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.Seq).ToListAsync(ct).ConfigureAwait(false),
                await db.Journal.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.Sequence).ToListAsync(ct).ConfigureAwait(false),
                await db.VersionAttachments.AsNoTracking().Where(a => a.ResolutionId == id).OrderBy(a => a.VersionNumber).ThenBy(a => a.Position).ToListAsync(ct).ConfigureAwait(false));
        }
    }

    /// <summary>Whether the reader may read the resolution (false for one that does not exist, too).</summary>
    public async Task<bool> CanReadAsync(Guid id, ActorRef reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await Visible(db, reader).AnyAsync(r => r.Id == id, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The resolution's current version (its ETag); null when there is none. The caller has checked the reader may read it.</summary>
    public async Task<int?> CurrentVersionAsync(Guid id, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Resolutions.AsNoTracking().Where(r => r.Id == id).Select(r => (int?)r.Version).SingleOrDefaultAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>A version of a resolution the reader may read, with its documents; null for none and not yours alike.</summary>
    public async Task<StoredVersion?> VersionAsync(Guid id, int version, ActorRef reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await Visible(db, reader).AnyAsync(r => r.Id == id, ct).ConfigureAwait(false) ? await db.VersionAsync(id, version, ct).ConfigureAwait(false) : null;
        }
    }

    /// <summary>A document of a version of a resolution the reader may read, or null (the same answer for none and not yours).</summary>
    public async Task<VersionAttachmentRow?> AttachmentAsync(Guid id, int version, string sha256, ActorRef reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            if (!await Visible(db, reader).AnyAsync(r => r.Id == id, ct).ConfigureAwait(false)) { return null; }
            return await db.VersionAttachments.AsNoTracking()
                .FirstOrDefaultAsync(a => a.ResolutionId == id && a.VersionNumber == version && a.Sha256 == sha256, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A conciliation meeting's minutes file of a resolution the reader may read, or null (the same answer for none and not yours).</summary>
    public async Task<MeetingMinutesFileRow?> MinutesFileAsync(Guid id, string sha256, ActorRef reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            if (!await Visible(db, reader).AnyAsync(r => r.Id == id, ct).ConfigureAwait(false)) { return null; }
            return await db.MeetingMinutesFiles.AsNoTracking().FirstOrDefaultAsync(m => m.ResolutionId == id && m.Sha256 == sha256, ct).ConfigureAwait(false);
        }
    }

    /// <summary>People by their accounts' display names, keyed by user name; ids with no account here (party systems' users) are left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(IReadOnlyCollection<string> userNames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(userNames);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Users.AsNoTracking().Where(u => u.UserName != null && userNames.Contains(u.UserName) && u.DisplayName != "")
                .ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, StringComparer.Ordinal, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A page of the resolutions the reader may read, most recently active first. Keyset paging: the
    /// cursor is the last row's (last activity, id), so a page is as quick at the end as at the start
    /// and a row that moves up while one pages is not shown twice.
    /// </summary>
    public async Task<ResolutionPage> PageAsync(ActorRef reader, int limit, string? after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var query = Visible(db, reader);
            if (after is not null)
            {
                var (at, id) = Cursor.Read(after);
                query = query.Where(r => r.LastActivityAt < at || (r.LastActivityAt == at && r.Id.CompareTo(id) < 0));
            }
            var rows = await query.OrderByDescending(r => r.LastActivityAt).ThenByDescending(r => r.Id).Take(limit + 1).ToListAsync(ct).ConfigureAwait(false);
            return rows.Count > limit
                ? new ResolutionPage(rows[..limit], Cursor.Write(rows[limit - 1].LastActivityAt, rows[limit - 1].Id))
                : new ResolutionPage(rows, null);
        }
    }

    /// <summary>A page cursor: opaque to callers, checked when read back.</summary>
    public static class Cursor
    {
        public static string Write(DateTimeOffset at, Guid id) =>
            Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.ASCII.GetBytes(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{at.UtcTicks}.{id:N}")));

        public static bool TryRead(string? text, out (DateTimeOffset At, Guid Id) cursor)
        {
            cursor = default;
            try
            {
                var parts = System.Text.Encoding.ASCII.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(text ?? "")).Split('.');
                if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                    || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(parts[1], "N", out var id)) { return false; }
                cursor = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        public static (DateTimeOffset At, Guid Id) Read(string text) =>
            TryRead(text, out var cursor) ? cursor : throw new ArgumentException("not a cursor of this list", nameof(text));
    }
}
