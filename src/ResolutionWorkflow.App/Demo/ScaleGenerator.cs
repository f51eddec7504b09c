using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Demo;

/// <param name="Resolutions">How many resolutions to create.</param>
/// <param name="Days">Their start dates are spread over this many days up to now.</param>
/// <param name="Seed">The same seed gives the same mix of fates (ids and hashes differ).</param>
public sealed record ScaleOptions(int Resolutions, int Days = 730, int Seed = 2026, int BatchSize = 500);

public sealed record ScaleReport(int Resolutions, long JournalEntries, long Tasks, long PendingDeadlines, TimeSpan Elapsed);

/// <summary>
/// Fills a database with realistic history at scale. Each resolution is lived through the real
/// engine — start, review, objections, revision, signatures, registration, publication — with
/// ministries answering after random delays on a simulated clock, and deadlines applied when a
/// ministry is late. The simulation stops at the present, so old resolutions are finished and
/// recent ones are in flight, some overdue or stuck. Rows are written in large transactions
/// through the same projection as the command path; the history's outbox is not written (it was
/// "delivered" long ago) and reminders already in the past are marked done.
/// </summary>
public sealed class ScaleGenerator(IDbContextFactory<ResolutionDbContext> contexts, Decider decider, TimeProvider time)
{
    private static readonly string[] Reviewers = ["by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust"];
    private static readonly string[] Subjects =
    [
        "О программе Союзного государства в области космической деятельности",
        "О мерах по развитию микроэлектроники и электронного машиностроения",
        "О совместных мерах по обеспечению пограничной безопасности",
        "О научно-техническом и инновационном сотрудничестве",
        "О координации управления рисками в таможенной сфере",
        "Об итогах торгово-экономического сотрудничества",
        "О бюджете Союзного государства",
        "О единых правилах в области энергетики",
    ];

    public async Task<ScaleReport> RunAsync(ScaleOptions options, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Resolutions < 1) { throw new ArgumentOutOfRangeException(nameof(options), "at least one resolution"); }
        var clock = Stopwatch.StartNew();
        var end = time.GetUtcNow();
        var registrations = await TakenRegistrationNumbersAsync(ct).ConfigureAwait(false);
        long journal = 0, tasks = 0, pending = 0;
        for (var done = 0; done < options.Resolutions;)
        {
            var batch = Math.Min(options.BatchSize, options.Resolutions - done);
            var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                // The lives are independent: simulated on every core, each with its own seeded random source.
                var first = done;
                var lives = Enumerable.Range(first, batch).AsParallel().AsOrdered().WithCancellation(ct).Select(index =>
                {
                    var rng = new Random(HashCode.Combine(options.Seed, index));
                    var life = new Life(decider, rng, end.AddMinutes(-rng.NextDouble() * options.Days * 24 * 60), end, registrations, index);
                    life.Live();
                    return life;
                }).ToList();
                var rows = new List<object>();
                foreach (var life in lives)
                {
                    // A whole life as one new resolution: only new rows, nothing to update.
                    rows.AddRange(ProjectionWriter.Plan(null, life.State, null, life.Changes, end, outbox: false).Added);
                    journal += life.Changes.Count;
                    tasks += life.State.Tasks.Count;
                }
                // Deadlines of finished tasks are history nobody reads; those of open tasks fired or wait.
                var openTasks = rows.OfType<TaskRow>().Where(t => t.Status == "open").Select(t => (t.ResolutionId, t.TaskNo)).ToHashSet();
                rows.RemoveAll(r => r is DeadlineRow d && !openTasks.Contains((d.ResolutionId, d.TaskNo)));
                foreach (var deadline in rows.OfType<DeadlineRow>())
                {
                    deadline.State = deadline.FireAt <= end ? DeadlineStates.Done : DeadlineStates.Pending;
                    if (deadline.State == DeadlineStates.Pending) { pending++; }
                }
                if (db.Database.IsSqlite())
                {
                    // Random keys touch pages all over the file: a larger page cache keeps the inserts in memory.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144;", ct).ConfigureAwait(false);
                }
                var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var writer = new RowWriter(db);
                    await using (writer.ConfigureAwait(false))
                    {
                        await writer.InsertAsync(rows, ct).ConfigureAwait(false);
                    }
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }
            }
            done += batch;
            progress?.Report(done);
        }
        return new ScaleReport(options.Resolutions, journal, tasks, pending, clock.Elapsed);
    }

    /// <summary>The highest registration number used in each year so far, so a second run continues after the first.</summary>
    private async Task<ConcurrentDictionary<int, int>> TakenRegistrationNumbersAsync(CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var taken = await db.Resolutions.AsNoTracking().Where(r => r.RegistrationYear != null)
                .Select(r => new { Year = r.RegistrationYear!.Value, r.RegistrationNumber }).ToListAsync(ct).ConfigureAwait(false);
            return new ConcurrentDictionary<int, int>(taken.GroupBy(r => r.Year).Select(g => KeyValuePair.Create(g.Key,
                g.Max(r => int.TryParse(r.RegistrationNumber, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0))));
        }
    }

    /// <summary>One resolution's life on a simulated clock: every open task is acted on after its own random delay.</summary>
    private sealed class Life(Decider decider, Random rng, DateTimeOffset start, DateTimeOffset end, ConcurrentDictionary<int, int> registrations, int index)
    {
        private readonly Guid _id = Guid.NewGuid();
        private readonly Dictionary<int, DateTimeOffset> _actAt = [];
        private readonly HashSet<int> _deadlineApplied = [];
        private readonly bool _slow = rng.NextDouble() < 0.15;
        private DateTimeOffset _now = start;

        public ResolutionState State { get; private set; } = null!;

        public List<(ResolutionEvent Event, JournalEntry Entry)> Changes { get; } = [];

        private static readonly string[] Countries = ["by", "ru"];

        /// <summary>The definitions number registrations with up to four digits a year; at a scale no government reaches, the surplus is withdrawn.</summary>
        private const int MaxRegistrationNumber = 9999;
        private static readonly Actor Drafter = new("drafter", "ru-mineconomy", ["drafter"]);
        private static readonly Actor Coordinator = new("coordinator", "su-standing-committee", ["coordinator"]);
        private static readonly Actor Registrar = new("registrar", "su-standing-committee", ["registrar"]);

        public void Live()
        {
            var definition = rng.NextDouble() < 0.7 ? "council-of-ministers-resolution" : "union-state-programme";
            var title = $"{Subjects[index % Subjects.Length]} (проект № {index + 1})";
            var clauses = rng.Next(3, 8);
            var text = "Совет Министров Союзного государства постановляет:\n\n" + string.Join("\n", Enumerable.Range(1, clauses).Select(n => $"{n}. Положение {n} проекта № {index + 1}."));
            Must(new StartResolution(definition, title, text) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Drafter });
            if (rng.NextDouble() < 0.03) { _actAt[-1] = _now.AddDays(rng.Next(5, 60)); }

            while (State.Status == ResolutionStatus.Active)
            {
                var next = State.OpenTasks.Select(t => (Task: t, At: ActAt(t))).OrderBy(x => x.At).FirstOrDefault();
                if (next.Task is null) { return; }
                // A coordinator withdraws a few drafts that lost their purpose.
                if (_actAt.TryGetValue(-1, out var withdrawAt) && withdrawAt < next.At)
                {
                    if (withdrawAt > end) { return; }
                    _now = withdrawAt;
                    Must(new Withdraw("утратил актуальность") { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Coordinator });
                    return;
                }
                // A ministry that is late meets its deadline first: the sweeper would have applied it on the due date.
                if (next.Task.DueAt is { } due && due < next.At && _deadlineApplied.Add(next.Task.No))
                {
                    if (due > end) { return; }
                    _now = due;
                    Try(new ApplyDeadline(next.Task.No) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Actor.System });
                    continue;
                }
                if (next.At > end) { return; }
                _now = next.At;
                Act(next.Task);
            }
        }

        /// <summary>When the holder of the task acts: mostly within days, sometimes weeks (a slow resolution is slow throughout).</summary>
        private DateTimeOffset ActAt(WorkTask task)
        {
            if (!_actAt.TryGetValue(task.No, out var at))
            {
                var typical = task.Kind switch { TaskKind.Review => 4.0, TaskKind.Revise => 6.0, TaskKind.Sign => 3.0, _ => 2.0 };
                var days = -Math.Log(1 - rng.NextDouble()) * typical * (_slow ? 4 : 1);
                at = task.OpenedAt.AddHours(1 + days * 24);
                _actAt[task.No] = at;
            }
            return at;
        }

        private void Act(WorkTask task)
        {
            var hash = State.CurrentText.Hash;
            switch (task.Kind)
            {
                case TaskKind.Draft:
                    Must(new SubmitForReview(hash) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Drafter });
                    break;
                case TaskKind.Review:
                    var organisation = task.Assignee.Organisation ?? Reviewers[rng.Next(Reviewers.Length)];
                    var roll = rng.NextDouble();
                    var (kind, remarks) = roll < 0.12 && State.StageEntry == 1
                        ? (OpinionKind.Disagree, ImmutableArray.Create(new RemarkInput("1", "Требуется уточнить формулировку.")))
                        : roll < 0.2 ? (OpinionKind.AgreeWithRemarks, ImmutableArray.Create(new RemarkInput("2", "Предлагаем редакционную правку.")))
                        : (OpinionKind.Agree, ImmutableArray<RemarkInput>.Empty);
                    Must(new RecordOpinion(hash, kind, remarks) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = new Actor($"officer.{organisation}", organisation, [task.Assignee.Role ?? "officer"]) });
                    break;
                case TaskKind.Revise:
                    foreach (var remark in State.Remarks.Where(r => r.Status == RemarkStatus.Open && r.Answer is null).ToList())
                    {
                        Must(new AnswerRemark(remark.No, RemarkAnswer.Accepted, "Учтено в новой редакции.") { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Drafter });
                    }
                    Must(new IssueTextVersion(State.CurrentText.Text + $"\n{State.CurrentText.Clauses.Length + 1}. Уточняющее положение.", "по замечаниям") { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Drafter });
                    Must(new Resubmit() { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Drafter });
                    break;
                case TaskKind.Adopt:
                    // The Council adopts it at a meeting held the day it is placed on the agenda.
                    var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);
                    Must(new ScheduleAdoption(AdoptionForm.Meeting, day, "Москва") { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Coordinator });
                    Must(new RecordAdoption(StageVocabulary.Outcomes.Adopted, day, $"{index + 1}", null) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Coordinator });
                    break;
                case TaskKind.Sign when task.Assignee.Country is null:
                    Must(new Sign(hash) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = new Actor("chairman", "su-council-of-ministers", [task.Assignee.Role!]) });
                    break;
                case TaskKind.Sign:
                    var country = task.Assignee.Country;
                    Must(new Sign(hash) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = new Actor($"pm.{country}", task.Assignee.Organisation ?? $"{country}-government", ["signatory"]) });
                    break;
                case TaskKind.Register:
                    if (State.Registration is null)
                    {
                        // Acts are numbered per year of their date (the last signature's day in Moscow), as the engine records it.
                        var year = State.ActDate?.Year ?? _now.Year;
                        var number = registrations.AddOrUpdate(year, 1, (_, n) => n + 1);
                        if (number > MaxRegistrationNumber)
                        {
                            Must(new Withdraw("данные нагрузочного теста: номера регистрации этого года исчерпаны") { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Coordinator });
                            break;
                        }
                        Must(new Register(number.ToString(System.Globalization.CultureInfo.InvariantCulture)) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Registrar });
                    }
                    foreach (var country2 in Countries.Where(c => State.Publications.All(p => p.Country != c)))
                    {
                        if (State.Status != ResolutionStatus.Active) { break; }
                        Must(new RecordPublication(country2, country2 == "by" ? "by-pravo" : "ru-pravo",
                            country2 == "by" ? $"https://pravo.by/generated/{index + 1}" : $"9999{index + 1:D12}", DateOnly.FromDateTime(_now.UtcDateTime)) { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Registrar });
                    }
                    break;
                default:
                    // A decision (conciliation) is not part of the generated mix: the coordinator withdraws instead.
                    Must(new Withdraw("снят с рассмотрения") { CommandId = Guid.NewGuid(), ResolutionId = _id, Actor = Coordinator });
                    break;
            }
        }

        private void Must(ResolutionCommand command)
        {
            if (Try(command) is { } refused)
            {
                throw new InvalidOperationException($"generated resolution {index + 1}: {command.GetType().Name} by {command.Actor.UserId} refused at stage {State?.StageId}: {refused.Message}");
            }
        }

        /// <summary>Applies the command; the rejection when it was refused.</summary>
        private Rejection? Try(ResolutionCommand command)
        {
            var decision = decider.Decide(State, command, _now);
            if (decision is Decision.Rejected rejected) { return rejected.Rejection; }
            var accepted = (Decision.Accepted)decision;
            var last = Changes.Count == 0 ? null : Changes[^1].Entry;
            var entries = JournalChain.Append(last, _id, command.CommandId, command.Actor, accepted.Events);
            State = Evolve.ApplyAll(State, accepted.Events)!;
            Changes.AddRange(accepted.Events.Zip(entries));
            return null;
        }
    }
}
