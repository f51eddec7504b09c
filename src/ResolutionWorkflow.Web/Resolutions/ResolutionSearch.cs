using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Tartarus.Snowball.Ext;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.Web.Resolutions;

/// <summary>Search settings (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// Matches of a query found in at most this many documents are ranked by relevance. A word found
    /// in more (one of most texts) tells documents apart hardly at all, and ranking every match cost
    /// most of a search (bm25 over 100 000 matches: 183 ms of CPU); such matches are ordered instead
    /// by where the words are (all in the title or registration first), then newest first.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int RankedAtMost { get; set; } = 2_000;

    /// <summary>
    /// For a reader who may not see everything, how many ranked matches are checked against need to
    /// know (500 at a time) before the rest are ranked by one query joined with what the reader may see.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int CandidatesChecked { get; set; } = 5_000;
}

/// <summary>One resolution found: what it is, and its title and best passage with the reader's words marked (HTML).</summary>
public sealed record SearchHit(Guid ResolutionId, string Title, string? Registration, string DefinitionId, int DefinitionVersion, string StageId, string Status,
    string TitleHtml, string SnippetHtml)
{
    /// <summary>The registered act's number, year and date, for citing it as the page does.</summary>
    public (string Number, int? Year, DateOnly? ActDate)? Act { get; init; }
}

/// <summary>A page of hits, best first, and the offset of the next page (null on the last).</summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Items, int? Next);

/// <summary>
/// Finds the resolutions a reader may see by their title, registration number, current text and
/// remarks, in Russian word forms ("постановлению" finds "постановление"). PostgreSQL matches with
/// its <c>russian</c> text search configuration and ranks with <c>ts_rank_cd</c>; SQLite matches the
/// Snowball stem of each word as a prefix in an FTS5 index and ranks with <c>bm25</c>; SQL Server,
/// without a full-text catalogue, matches the stems with LIKE. The passage shown and its marks are
/// worked out here, the same way on every database.
/// </summary>
public sealed partial class ResolutionSearch(IDbContextFactory<ResolutionDbContext> contexts, DatabaseOptions database, SearchOptions options)
{
    public const int MaxQueryLength = 200, MaxWords = 10, DefaultPageSize = 20, MaxPageSize = 50, MaxOffset = 10_000;

    private sealed class Ranked
    {
        public Guid ResolutionId { get; set; }
        public double Rank { get; set; }
    }

    /// <summary>
    /// A query as the database is asked it; whether it matches too many documents to rank; (on
    /// PostgreSQL, matching many) whether more than half that many have every word in the title; and,
    /// matching few, all its matches ranked, fetched once (each evaluation of a query with a common
    /// word's prefix costs tens of milliseconds on SQLite, and bm25 as many again).
    /// </summary>
    private sealed record Plan(string Query, IReadOnlyList<string> Stems, bool Many, bool TitleDense, IReadOnlyList<Ranked>? Ranked);

    /// <summary>In the order by place, the title tier's rank is above every rank of the rest; within a tier, the newer the higher.</summary>
    private const double TitleTier = 2e15, RestTier = 1e15;

    public async Task<SearchPage> SearchAsync(string query, ActorRef reader, int offset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(reader);
        var stems = Stems(query);
        if (stems.Count == 0) { return new SearchPage([], null); }
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var plan = await PlanAsync(db, query, stems, ct).ConfigureAwait(false);
            var hits = await RankedVisibleAsync(db, plan, reader, offset + limit + 1, ct).ConfigureAwait(false);
            var pageIds = hits.Skip(offset).Select(h => h.ResolutionId).ToList();
            var rows = await db.Resolutions.AsNoTracking().Where(r => EF.Constant(pageIds).Contains(r.Id))
                .Select(r => new { r.Id, r.Title, r.RegistrationNumber, r.RegistrationYear, r.ActDate, r.DefinitionId, r.DefinitionVersion, r.StageId, r.Status })
                .ToDictionaryAsync(r => r.Id, ct).ConfigureAwait(false);
            var page = pageIds.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
            var ids = page.Take(limit).Select(p => p.Id).ToList();
            // The passage comes from the indexed tables (the search index is not keyed by resolution on every database).
            var texts = await (from r in db.Resolutions.AsNoTracking()
                               join v in db.TextVersions.AsNoTracking() on new { r.Id, Number = r.CurrentTextVersion } equals new { Id = v.ResolutionId, v.Number }
                               where EF.Constant(ids).Contains(r.Id)
                               select new { r.Id, v.Text }).ToDictionaryAsync(x => x.Id, x => x.Text, ct).ConfigureAwait(false);
            var remarks = (await db.Remarks.AsNoTracking().Where(m => EF.Constant(ids).Contains(m.ResolutionId)).OrderBy(m => m.RemarkNo)
                .Select(m => new { m.ResolutionId, m.Text }).ToListAsync(ct).ConfigureAwait(false)).ToLookup(m => m.ResolutionId, m => m.Text);
            var bodies = ids.ToDictionary(id => id, id => SearchDocumentRow.BodyOf(texts.GetValueOrDefault(id, ""), remarks[id]));
            var items = page.Take(limit).Select(p => new SearchHit(p.Id, p.Title,
                p.RegistrationNumber is null ? null : $"{p.RegistrationNumber}/{p.RegistrationYear}", p.DefinitionId, p.DefinitionVersion, p.StageId, p.Status,
                Mark(p.Title, stems), Snippet(bodies.GetValueOrDefault(p.Id, ""), stems))
            {
                Act = p.RegistrationNumber is null ? null : (p.RegistrationNumber, p.RegistrationYear, p.ActDate),
            }).ToList();
            return new SearchPage(items, page.Count > limit ? offset + limit : null);
        }
    }

    /// <summary>
    /// The best <paramref name="wanted"/> matches the reader may see, best first. The index ranks;
    /// only the candidates of each batch are checked against need to know, so a reader who sees
    /// every resolution (or most) costs one batch. Ranked matches are all at hand and all checked if
    /// need be; among many matches, a reader who sees few is ordered within what they may see by one
    /// joined query once <see cref="SearchOptions.CandidatesChecked"/> candidates gave too few.
    /// </summary>
    private async Task<List<Ranked>> RankedVisibleAsync(ResolutionDbContext db, Plan plan, ActorRef reader, int wanted, CancellationToken ct)
    {
        var seesAll = reader.Roles.Any(ResolutionQueries.SeeAll.Contains);
        var hits = new List<Ranked>();
        var size = Math.Min(500, options.CandidatesChecked);
        var checkedAtMost = plan.Ranked?.Count ?? options.CandidatesChecked;
        for (var skip = 0; skip < checkedAtMost; skip += size)
        {
            var batch = await TopAsync(db, plan, skip, seesAll ? wanted : size, ct).ConfigureAwait(false);
            if (seesAll) { return batch; }
            var ids = batch.Select(b => b.ResolutionId).ToList();
            var visible = await ResolutionQueries.VisibleAmongAsync(db, reader, ids, ct).ConfigureAwait(false);
            hits.AddRange(batch.Where(b => visible.Contains(b.ResolutionId)));
            if (hits.Count >= wanted || batch.Count < size) { return [.. hits.Take(wanted)]; }
        }
        if (plan.Ranked is not null) { return hits; }
        return await (from h in Matches(db, plan)
                      join r in ResolutionQueries.Visible(db, reader) on h.ResolutionId equals r.Id
                      orderby h.Rank descending, h.ResolutionId
                      select h).Take(wanted).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A match as first fetched: ranked, with the document key that breaks ties.</summary>
    private sealed class Candidate
    {
        public Guid ResolutionId { get; set; }
        public long DocId { get; set; }
        public double Rank { get; set; }
    }

    /// <summary>
    /// How to read the query's matches. One query fetches up to one more than are ranked, each with its
    /// rank, in the index's own order (so it stops there, and the rank is worked out for those only):
    /// fewer, and they are the whole answer, sorted here; as many, and the query matches many.
    /// </summary>
    private async Task<Plan> PlanAsync(ResolutionDbContext db, string query, IReadOnlyList<string> stems, CancellationToken ct)
    {
        var first = database.Provider switch
        {
            // Title and registration weigh more than the body.
            DatabaseProvider.Sqlite => await db.Database.SqlQuery<Candidate>($"""
                SELECT d."ResolutionId", m."DocId", m."Rank" FROM (
                    SELECT rowid AS "DocId", -bm25("search_index", 10.0, 10.0, 1.0) AS "Rank"
                    FROM "search_index" WHERE "search_index" MATCH {FtsMatch(stems)} LIMIT {options.RankedAtMost + 1}) m
                JOIN "search_documents" d ON d."DocId" = m."DocId"
                """).ToListAsync(ct).ConfigureAwait(false),
            DatabaseProvider.PostgreSql => await db.Database.SqlQuery<Candidate>($"""
                SELECT "ResolutionId", "DocId", ts_rank_cd("SearchVector", q)::float8 AS "Rank"
                FROM "search_documents", to_tsquery('russian', {Lexemes(query)}) q
                WHERE "SearchVector" @@ q LIMIT {options.RankedAtMost + 1}
                """).ToListAsync(ct).ConfigureAwait(false),
            _ => null,
        };
        if (first is null) { return new Plan(query, stems, Many: false, TitleDense: false, Ranked: null); }
        if (first.Count <= options.RankedAtMost)
        {
            var ranked = first.OrderByDescending(c => c.Rank).ThenBy(c => c.DocId).Select(c => new Ranked { ResolutionId = c.ResolutionId, Rank = c.Rank }).ToList();
            return new Plan(query, stems, Many: false, TitleDense: false, ranked);
        }
        var half = options.RankedAtMost / 2;
        var titleDense = database.Provider == DatabaseProvider.PostgreSql && await CountAsync(db, $"""
            SELECT count(*)::int AS "Value" FROM (SELECT 1 FROM "search_documents" WHERE "TitleVector" @@ to_tsquery('russian', {Lexemes(query)}) LIMIT {half + 1}) m
            """, ct).ConfigureAwait(false) > half;
        return new Plan(query, stems, Many: true, titleDense, Ranked: null);
    }

    private static async Task<int> CountAsync(ResolutionDbContext db, FormattableString sql, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>(sql).ToListAsync(ct).ConfigureAwait(false))[0];

    /// <summary>One slice of all matches in their order.</summary>
    private async Task<List<Ranked>> TopAsync(ResolutionDbContext db, Plan plan, int skip, int take, CancellationToken ct)
    {
        if (plan.Ranked is { } ranked) { return [.. ranked.Skip(skip).Take(take)]; }
        if (plan.Many)
        {
            var hits = await TierAsync(db, plan, title: true, skip, take, ct).ConfigureAwait(false);
            if (hits.Count == take) { return hits; }
            var inTitle = hits.Count > 0 ? skip + hits.Count : await TitleCountAsync(db, plan, ct).ConfigureAwait(false);
            hits.AddRange(await TierAsync(db, plan, title: false, Math.Max(0, skip - inTitle), take - hits.Count, ct).ConfigureAwait(false));
            return hits;
        }
        return await Matches(db, plan).OrderByDescending(h => h.Rank).ThenBy(h => h.ResolutionId).Skip(skip).Take(take).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A slice of the title tier (every word in the title or registration) or of the rest, newest first.</summary>
    private Task<List<Ranked>> TierAsync(ResolutionDbContext db, Plan plan, bool title, int skip, int take, CancellationToken ct) =>
        database.Provider == DatabaseProvider.Sqlite
            ? db.Database.SqlQuery<Ranked>($"""
                SELECT d."ResolutionId", {(title ? TitleTier : RestTier)} + m."DocId" AS "Rank" FROM (
                    SELECT rowid AS "DocId" FROM "search_index" WHERE "search_index" MATCH {(title ? FtsTitle(plan.Stems) : FtsRest(plan.Stems))}
                    ORDER BY rowid DESC LIMIT {take} OFFSET {skip}) m
                JOIN "search_documents" d ON d."DocId" = m."DocId"
                ORDER BY m."DocId" DESC
                """).ToListAsync(ct)
            // When the title tier has more than half the ranked limit, the rest has an unknown number; otherwise more than half.
            : ReadTierAsync(db, walkNewest: title == plan.TitleDense, title
                ? (FormattableString)$"""
                    SELECT "ResolutionId", ({TitleTier} + "DocId")::float8 AS "Rank"
                    FROM "search_documents" WHERE "TitleVector" @@ to_tsquery('russian', {Lexemes(plan.Query)})
                    ORDER BY "DocId" DESC LIMIT {take} OFFSET {skip}
                    """
                : $"""
                    SELECT "ResolutionId", ({RestTier} + "DocId")::float8 AS "Rank"
                    FROM "search_documents", to_tsquery('russian', {Lexemes(plan.Query)}) q
                    WHERE "SearchVector" @@ q AND NOT "TitleVector" @@ q
                    ORDER BY "DocId" DESC LIMIT {take} OFFSET {skip}
                    """, ct);

    /// <summary>
    /// PostgreSQL cannot estimate how many documents a prefix matches (measured: it guessed 40 for
    /// 12 500 and 2 000 for none), so it chose to walk the newest documents where a tier had none
    /// (76 ms) and to fetch and sort every match where a tier had thousands (43 ms). The search knows
    /// from its counts which tier is dense and says how to read it: a dense tier by walking the
    /// newest documents until the page is full, a sparse one through its GIN index and a sort.
    /// </summary>
    private static async Task<List<Ranked>> ReadTierAsync(ResolutionDbContext db, bool walkNewest, FormattableString sql, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await db.Database.ExecuteSqlRawAsync(walkNewest
                ? "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off"
                : "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off", ct).ConfigureAwait(false);
            var rows = await db.Database.SqlQuery<Ranked>(sql).ToListAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return rows;
        }
    }

    private Task<int> TitleCountAsync(ResolutionDbContext db, Plan plan, CancellationToken ct) =>
        CountAsync(db, database.Provider == DatabaseProvider.Sqlite
            ? (FormattableString)$"""
                SELECT count(*) AS "Value" FROM "search_index" WHERE "search_index" MATCH {FtsTitle(plan.Stems)}
                """
            : $"""
                SELECT count(*)::int AS "Value" FROM "search_documents" WHERE "TitleVector" @@ to_tsquery('russian', {Lexemes(plan.Query)})
                """, ct);

    /// <summary>Each stem a prefix ("постановлен"*), all required.</summary>
    private static string FtsMatch(IReadOnlyList<string> stems) => string.Join(' ', stems.Select(s => $"\"{s}\"*"));

    /// <summary>Every stem in the title or the registration.</summary>
    private static string FtsTitle(IReadOnlyList<string> stems) => $"{{Title Registration}} : ({FtsMatch(stems)})";

    /// <summary>Every stem somewhere, but not every stem in the title or the registration.</summary>
    private static string FtsRest(IReadOnlyList<string> stems) => $"({FtsMatch(stems)}) NOT {FtsTitle(stems)}";

    /// <summary>
    /// Each word through the russian configuration, as a prefix of a stored lexeme: Snowball cuts some
    /// forms shorter than others ("космодрому" to 'космодр', "космодромов" to 'космодром').
    /// </summary>
    private static string Lexemes(string query) => string.Join(" & ", Words(query).Select(w => w + ":*"));

    /// <summary>
    /// Every match with its rank in the query's order: on SQLite and PostgreSQL for a query matching
    /// many (a rank that encodes tier and age); on SQL Server, without a full-text catalogue, every
    /// match by LIKE on the stems, the title's first.
    /// </summary>
    private IQueryable<Ranked> Matches(ResolutionDbContext db, Plan plan)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                return db.Database.SqlQuery<Ranked>($"""
                    SELECT "ResolutionId", (CASE WHEN "TitleVector" @@ q THEN {TitleTier} ELSE {RestTier} END + "DocId")::float8 AS "Rank"
                    FROM "search_documents", to_tsquery('russian', {Lexemes(plan.Query)}) q
                    WHERE "SearchVector" @@ q
                    """);
            case DatabaseProvider.Sqlite:
                return db.Database.SqlQuery<Ranked>($"""
                    SELECT d."ResolutionId", {TitleTier} + d."DocId" AS "Rank"
                    FROM "search_index" JOIN "search_documents" d ON d."DocId" = "search_index".rowid
                    WHERE "search_index" MATCH {FtsTitle(plan.Stems)}
                    UNION ALL
                    SELECT d."ResolutionId", {RestTier} + d."DocId" AS "Rank"
                    FROM "search_index" JOIN "search_documents" d ON d."DocId" = "search_index".rowid
                    WHERE "search_index" MATCH {FtsRest(plan.Stems)}
                    """);
            default:
                var documents = db.SearchDocuments.AsNoTracking();
                foreach (var stem in plan.Stems)
                {
                    var pattern = $"%{stem}%";
                    documents = documents.Where(d => EF.Functions.Like(d.Title, pattern) || EF.Functions.Like(d.Registration, pattern) || EF.Functions.Like(d.Body, pattern));
                }
                var first = $"%{plan.Stems[0]}%";
                return documents.Select(d => new Ranked { ResolutionId = d.ResolutionId, Rank = EF.Functions.Like(d.Title, first) ? 2.0 : 1.0 });
        }
    }

    /// <summary>The query's words, lower-case, at most <see cref="MaxWords"/>: letters and digits only, so no search syntax passes.</summary>
    public static IReadOnlyList<string> Words(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. Word().Matches(query.Length > MaxQueryLength ? query[..MaxQueryLength] : query)
            .Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Take(MaxWords)];
    }

    /// <summary>The query's words as lower-case Snowball stems (ё as е), at most <see cref="MaxWords"/>; digits as they are.</summary>
    public static IReadOnlyList<string> Stems(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stemmer = new RussianStemmer();
        return [.. Words(query)
            .Select(Fold)
            .Select(w =>
            {
                if (w.Length < 4 || !w.Any(IsCyrillic)) { return w; }
                stemmer.SetCurrent(w);
                stemmer.Stem();
                return stemmer.Current.Length >= 3 ? stemmer.Current : w;
            })
            .Distinct(StringComparer.Ordinal).Take(MaxWords)];
    }

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    private static string Fold(string word) => word.ToLowerInvariant().Replace('ё', 'е');

    private static bool Matches(string word, IReadOnlyList<string> stems)
    {
        var folded = Fold(word);
        return stems.Any(s => folded.StartsWith(s, StringComparison.Ordinal));
    }

    /// <summary>The text HTML-encoded, with every word that starts with one of the stems in &lt;mark&gt;.</summary>
    public static string Mark(string text, IReadOnlyList<string> stems)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder();
        var at = 0;
        foreach (Match m in Word().Matches(text))
        {
            if (!Matches(m.Value, stems)) { continue; }
            html.Append(WebUtility.HtmlEncode(text[at..m.Index])).Append("<mark>").Append(WebUtility.HtmlEncode(m.Value)).Append("</mark>");
            at = m.Index + m.Length;
        }
        return html.Append(WebUtility.HtmlEncode(text[at..])).ToString();
    }

    /// <summary>The passage around the first word found (about 240 characters, cut at word boundaries), marked; the text's start when none is.</summary>
    public static string Snippet(string body, IReadOnlyList<string> stems)
    {
        ArgumentNullException.ThrowIfNull(body);
        var first = Word().Matches(body).FirstOrDefault(m => Matches(m.Value, stems));
        var start = first is null ? 0 : Math.Max(0, first.Index - 80);
        if (first is not null && start > 0 && body.IndexOf(' ', start, first.Index - start) is >= 0 and var space) { start = space + 1; }
        var end = Math.Min(body.Length, start + 240);
        if (end < body.Length && body.LastIndexOf(' ', end - 1, end - start) is var last && last > start + 120) { end = last; }
        var passage = body[start..end].ReplaceLineEndings(" ");
        return (start > 0 ? "… " : "") + Mark(passage, stems) + (end < body.Length ? " …" : "");
    }

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex Word();
}
