using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Calendars;
using ResolutionWorkflow.Engine.Registry;

namespace ResolutionWorkflow.Web.Resolutions;

public sealed record InboxItem(Guid ResolutionId, string Title, string StageId, int TaskNo, string Kind, string ParticipantKey, DateTimeOffset? DueAt, int? WorkingDaysLeft, bool Overdue, bool Provisional);

public sealed record ResolutionView(
    ResolutionRow Resolution,
    IReadOnlyList<TextVersionRow> Versions,
    IReadOnlyList<TaskRow> Tasks,
    IReadOnlyList<RemarkRow> Remarks,
    IReadOnlyList<SignatureRow> Signatures,
    IReadOnlyList<PublicationRow> Publications,
    IReadOnlyList<JournalRow> Journal);

/// <summary>Reads for pages and the API: straight from the tables, without tracking.</summary>
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
                              select new { t, r.Title }).ToListAsync(ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            return [.. rows.Select(x => new InboxItem(x.t.ResolutionId, x.Title, x.t.StageId, x.t.TaskNo, x.t.Kind, x.t.ParticipantKey, x.t.DueAt,
                    WorkingDaysLeft(x.t.DueAt, x.t.Calendar), x.t.DueAt < now, x.t.DueIsProvisional))
                .OrderByDescending(i => i.Overdue).ThenBy(i => i.DueAt ?? DateTimeOffset.MaxValue)];
        }
    }

    public int? WorkingDaysLeft(DateTimeOffset? due, string? calendar) =>
        due is null ? null : calendars.WorkingDaysBetween(calendar, time.GetUtcNow(), due.Value);

    public async Task<ResolutionView?> ResolutionAsync(Guid id, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await db.Resolutions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false);
            if (row is null) { return null; }
            return new ResolutionView(row,
                await db.TextVersions.AsNoTracking().Where(v => v.ResolutionId == id).OrderBy(v => v.Number).ToListAsync(ct).ConfigureAwait(false),
                await db.Tasks.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.TaskNo).ToListAsync(ct).ConfigureAwait(false),
                await db.Remarks.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.RemarkNo).ToListAsync(ct).ConfigureAwait(false),
                await db.Signatures.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.JournalSequence).ToListAsync(ct).ConfigureAwait(false),
                await db.Publications.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.Country).ToListAsync(ct).ConfigureAwait(false),
                await db.Journal.AsNoTracking().Where(t => t.ResolutionId == id).OrderBy(t => t.Sequence).ToListAsync(ct).ConfigureAwait(false));
        }
    }

    public async Task<IReadOnlyList<ResolutionRow>> AllAsync(CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Resolutions.AsNoTracking().OrderByDescending(r => r.LastActivityAt).Take(500).ToListAsync(ct).ConfigureAwait(false);
        }
    }
}
