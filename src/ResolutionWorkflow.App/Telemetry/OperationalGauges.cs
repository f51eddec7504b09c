using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.App.Telemetry;

/// <summary>
/// What an operator watches, counted from the database every few seconds by a worker: the age of
/// the oldest unsent outbox row (outbox lag), open and overdue tasks per country, open incidents.
/// Gauges read the last count, so a collection never waits for the database.
/// </summary>
public sealed partial class OperationalGauges : BackgroundService
{
    private readonly IDbContextFactory<ResolutionDbContext> _contexts;
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OperationalGauges> _logger;
    private volatile Sample _last = new(0, new Dictionary<string, int>(), new Dictionary<string, int>(), 0);

    public OperationalGauges(IDbContextFactory<ResolutionDbContext> contexts, TelemetryOptions options, TimeProvider time, ILogger<OperationalGauges> logger)
    {
        _contexts = contexts;
        _options = options;
        _time = time;
        _logger = logger;
        Telemetry.Meter.CreateObservableGauge("rw.outbox.lag", () => _last.OutboxLagSeconds, "s", "Age of the oldest outbox row not yet published");
        Telemetry.Meter.CreateObservableGauge("rw.tasks.open", () => PerCountry(_last.Open), "{task}", "Open tasks per country");
        Telemetry.Meter.CreateObservableGauge("rw.tasks.overdue", () => PerCountry(_last.Overdue), "{task}", "Open tasks past their deadline per country");
        Telemetry.Meter.CreateObservableGauge("rw.incidents.open", () => _last.Incidents, "{incident}", "Incidents waiting for a coordinator");
    }

    /// <summary>Tasks of the Union State's own bodies (the Standing Committee) have no country.</summary>
    public const string UnionState = "su";

    private sealed record Sample(double OutboxLagSeconds, IReadOnlyDictionary<string, int> Open, IReadOnlyDictionary<string, int> Overdue, int Incidents);

    private static IEnumerable<Measurement<int>> PerCountry(IReadOnlyDictionary<string, int> counts) =>
        counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("country", c.Key)));

    /// <summary>Counts once now; the loop calls it every <see cref="TelemetryOptions.SampleSeconds"/>.</summary>
    public async Task SampleAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var db = await _contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var oldest = await db.Outbox.AsNoTracking().Where(o => o.SentAt == null).OrderBy(o => o.Id).Select(o => (DateTimeOffset?)o.CreatedAt).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            var open = await db.Tasks.AsNoTracking().Where(t => t.Status == "open").GroupBy(t => t.Country ?? UnionState)
                .Select(g => new { g.Key, Count = g.Count(), Overdue = g.Count(t => t.DueAt < now) }).ToListAsync(ct).ConfigureAwait(false);
            var incidents = await db.Incidents.AsNoTracking().CountAsync(i => i.State == IncidentStates.Open, ct).ConfigureAwait(false);
            _last = new Sample(oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : 0,
                open.ToDictionary(x => x.Key, x => x.Count), open.ToDictionary(x => x.Key, x => x.Overdue), incidents);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.SampleSeconds), _time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(_logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not count the operational gauges")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
