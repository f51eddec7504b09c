using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Tartarus.Snowball.Ext;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.Web.Resolutions;

/// <summary>One resolution found: what it is, and its title and best passage with the reader's words marked (HTML).</summary>
public sealed record SearchHit(Guid ResolutionId, string Title, string? Registration, string DefinitionId, int DefinitionVersion, string StageId, string Status,
    string TitleHtml, string SnippetHtml);

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
public sealed partial class ResolutionSearch(IDbContextFactory<ResolutionDbContext> contexts, DatabaseOptions database)
{
    public const int MaxQueryLength = 200, MaxWords = 10, DefaultPageSize = 20, MaxPageSize = 50, MaxOffset = 10_000;

    private sealed class Ranked
    {
        public Guid ResolutionId { get; set; }
        public double Rank { get; set; }
    }

    public async Task<SearchPage> SearchAsync(string query, ActorRef reader, int offset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(reader);
        var stems = Stems(query);
        if (stems.Count == 0) { return new SearchPage([], null); }
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var hits = await RankedVisibleAsync(db, query, stems, reader, offset + limit + 1, ct).ConfigureAwait(false);
            var pageIds = hits.Skip(offset).Select(h => h.ResolutionId).ToList();
            var rows = await db.Resolutions.AsNoTracking().Where(r => EF.Constant(pageIds).Contains(r.Id))
                .Select(r => new { r.Id, r.Title, r.RegistrationNumber, r.RegistrationYear, r.DefinitionId, r.DefinitionVersion, r.StageId, r.Status })
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
                Mark(p.Title, stems), Snippet(bodies.GetValueOrDefault(p.Id, ""), stems))).ToList();
            return new SearchPage(items, page.Count > limit ? offset + limit : null);
        }
    }

    /// <summary>Candidates ranked by the index are checked a batch at a time, up to <see cref="MaxScanned"/> of them.</summary>
    private const int Batch = 500, MaxScanned = 5_000;

    /// <summary>
    /// The best <paramref name="wanted"/> matches the reader may see, best first. The index ranks;
    /// only the candidates of each batch are checked against need to know, so a reader who sees
    /// every resolution (or most) costs one batch. A reader who sees few, among many matches, is
    /// ranked within what they may see by one joined query once <see cref="MaxScanned"/> candidates gave too few.
    /// </summary>
    private async Task<List<Ranked>> RankedVisibleAsync(ResolutionDbContext db, string query, IReadOnlyList<string> stems, ActorRef reader, int wanted, CancellationToken ct)
    {
        var seesAll = reader.Roles.Any(ResolutionQueries.SeeAll.Contains);
        var hits = new List<Ranked>();
        for (var skip = 0; skip < MaxScanned; skip += Batch)
        {
            var batch = await TopAsync(db, query, stems, skip, seesAll ? wanted : Batch, ct).ConfigureAwait(false);
            if (seesAll) { return batch; }
            var ids = batch.Select(b => b.ResolutionId).ToList();
            var visible = await ResolutionQueries.VisibleAmongAsync(db, reader, ids, ct).ConfigureAwait(false);
            hits.AddRange(batch.Where(b => visible.Contains(b.ResolutionId)));
            if (hits.Count >= wanted || batch.Count < Batch) { return [.. hits.Take(wanted)]; }
        }
        return await (from h in Matches(db, query, stems)
                      join r in ResolutionQueries.Visible(db, reader) on h.ResolutionId equals r.Id
                      orderby h.Rank descending, h.ResolutionId
                      select h).Take(wanted).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One slice of all matches, best first, ordered and cut inside the index's own query: on SQLite,
    /// ordering an outer query by the resolution id read every match's row (five times the work).
    /// </summary>
    private Task<List<Ranked>> TopAsync(ResolutionDbContext db, string query, IReadOnlyList<string> stems, int skip, int take, CancellationToken ct) =>
        database.Provider switch
        {
            DatabaseProvider.Sqlite => db.Database.SqlQuery<Ranked>($"""
                SELECT "ResolutionId", -bm25("search_documents", 0.0, 10.0, 10.0, 1.0) AS "Rank"
                FROM "search_documents" WHERE "search_documents" MATCH {FtsMatch(stems)}
                ORDER BY 2 DESC, rowid LIMIT {take} OFFSET {skip}
                """).ToListAsync(ct),
            DatabaseProvider.PostgreSql => db.Database.SqlQuery<Ranked>($"""
                SELECT "ResolutionId", ts_rank_cd("SearchVector", q)::float8 AS "Rank"
                FROM "search_documents", to_tsquery('russian', {Lexemes(query)}) q
                WHERE "SearchVector" @@ q
                ORDER BY 2 DESC, "ResolutionId" LIMIT {take} OFFSET {skip}
                """).ToListAsync(ct),
            _ => Matches(db, query, stems).OrderByDescending(h => h.Rank).ThenBy(h => h.ResolutionId).Skip(skip).Take(take).ToListAsync(ct),
        };

    /// <summary>Each stem a prefix ("постановлен"*), all required.</summary>
    private static string FtsMatch(IReadOnlyList<string> stems) => string.Join(' ', stems.Select(s => $"\"{s}\"*"));

    /// <summary>
    /// Each word through the russian configuration, as a prefix of a stored lexeme: Snowball cuts some
    /// forms shorter than others ("космодрому" to 'космодр', "космодромов" to 'космодром').
    /// </summary>
    private static string Lexemes(string query) => string.Join(" & ", Words(query).Select(w => w + ":*"));

    private IQueryable<Ranked> Matches(ResolutionDbContext db, string query, IReadOnlyList<string> stems)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                return db.Database.SqlQuery<Ranked>($"""
                    SELECT "ResolutionId", ts_rank_cd("SearchVector", q)::float8 AS "Rank"
                    FROM "search_documents", to_tsquery('russian', {Lexemes(query)}) q
                    WHERE "SearchVector" @@ q
                    """);
            case DatabaseProvider.Sqlite:
                // Title and registration weigh more than the body.
                return db.Database.SqlQuery<Ranked>($"""
                    SELECT "ResolutionId", -bm25("search_documents", 0.0, 10.0, 10.0, 1.0) AS "Rank"
                    FROM "search_documents" WHERE "search_documents" MATCH {FtsMatch(stems)}
                    """);
            default:
                var documents = db.SearchDocuments.AsNoTracking();
                foreach (var stem in stems)
                {
                    var pattern = $"%{stem}%";
                    documents = documents.Where(d => EF.Functions.Like(d.Title, pattern) || EF.Functions.Like(d.Registration, pattern) || EF.Functions.Like(d.Body, pattern));
                }
                var first = $"%{stems[0]}%";
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
