using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.App.Deadlines;

/// <summary>
/// Hangfire runs the timers; its storage follows the database provider. For the embedded default
/// it keeps its own SQLite file (single process, as the embedded default is); our deadline rows
/// stay the truth either way, so a lost Hangfire job is re-created by the next sweep.
/// </summary>
public static partial class Scheduling
{
    /// <summary>
    /// The sweep and the deadline jobs have a queue of their own, fetched before the mail of journal events:
    /// a reminder falls due at an instant, and must not wait behind a burst of notifications. (Listed first,
    /// and named to sort before "default" too, for a storage that takes queues by name.)
    /// </summary>
    public const string DeadlineQueue = "deadlines";

    /// <summary>Polling storages pick up enqueued jobs this often (their default, 15 s, would make reminders late).</summary>
    private static readonly TimeSpan QueuePoll = TimeSpan.FromMilliseconds(500);

    /// <param name="runJobs">False on a web node: it may enqueue and show jobs, but runs no Hangfire server and no recurring jobs.</param>
    public static IServiceCollection AddResolutionScheduling(this IServiceCollection services, DatabaseOptions database, DeadlineOptions deadlines, bool runJobs = true)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(deadlines);
        services.AddSingleton(deadlines);
        services.AddTransient<DeadlineSweeper>();
        services.AddTransient<SweepTurn>();
        services.AddTransient<DeadlineJob>();
        services.AddHangfire(cfg =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
                .UseFilter(new Telemetry.TraceContextJobFilter());
            switch (database.Provider)
            {
                case DatabaseProvider.PostgreSql:
                    cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.EffectiveConnectionString),
                        new PostgreSqlStorageOptions
                        {
                            QueuePollInterval = QueuePoll,
                            PrepareSchemaIfNecessary = true,
                            // A running job keeps its claim alive; a job held by a node that died runs elsewhere after this.
                            UseSlidingInvisibilityTimeout = true,
                            InvisibilityTimeout = deadlines.OrphanedJobAfter,
                            // Hangfire's PostgreSQL locks are rows, not sessions: a node killed while holding one leaves it behind
                            // until it is this old (their default, 10 min, would stop the sweep cluster-wide that long).
                            DistributedLockTimeout = deadlines.StaleLockAfter,
                        });
                    break;
                case DatabaseProvider.SqlServer:
                    cfg.UseSqlServerStorage(database.EffectiveConnectionString, new Hangfire.SqlServer.SqlServerStorageOptions { QueuePollInterval = QueuePoll, SlidingInvisibilityTimeout = deadlines.OrphanedJobAfter });
                    break;
                default:
                    Directory.CreateDirectory(database.DataFolder);
                    cfg.UseSQLiteStorage(Path.Combine(Path.GetFullPath(database.DataFolder), "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = QueuePoll });
                    break;
            }
        });
        if (!runJobs) { return services; }
        services.AddHangfireServer(o =>
        {
            o.ServerName = deadlines.Node;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
            o.Queues = [DeadlineQueue, "default"];
        });
        services.AddHostedService<RecurringJobs>();
        return services;
    }

    /// <summary>
    /// Registers the recurring jobs. A node restarted after a crash may find a lock its previous life
    /// left behind; it then starts anyway and retries until the stale lock expires, since the jobs
    /// already stored keep running on the other nodes meanwhile.
    /// </summary>
    private sealed partial class RecurringJobs(IRecurringJobManager recurring, DeadlineOptions options, Integrity.JournalOptions journal, ILogger<RecurringJobs> log) : IHostedService, IDisposable
    {
        private readonly CancellationTokenSource stopping = new();
        private Task retrying = Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!TryRegister())
            {
                retrying = RetryAsync(stopping.Token);
            }
            return Task.CompletedTask;
        }

        private async Task RetryAsync(CancellationToken cancellationToken)
        {
            try
            {
                do { await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false); }
                while (!TryRegister());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        }

        private bool TryRegister()
        {
            try
            {
                Register();
                return true;
            }
            // PostgreSQL's lock exception derives from this one.
            catch (Hangfire.Storage.DistributedLockTimeoutException e) { Locked(log, e, options.StaleLockAfter); }
            return false;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Recurring jobs not registered yet: a lock is held (a crashed node's lock expires after {StaleLockAfter}); retrying")]
        private static partial void Locked(ILogger logger, Exception exception, TimeSpan staleLockAfter);

        private void Register()
        {
            recurring.AddOrUpdate<Integrity.JournalCheckJob>(Integrity.JournalCheckJob.RecurringJobId, j => j.CheckChangedAsync(CancellationToken.None), $"*/{journal.CheckMinutes} * * * *");
            recurring.AddOrUpdate<Retention.RetentionJob>(Retention.RetentionJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
            if (options.Sweep)
            {
                recurring.AddOrUpdate<SweepTurn>(DeadlineSweeper.RecurringJobId, s => s.Run(CancellationToken.None), $"*/{options.PollSeconds} * * * * *");
            }
            else
            {
                recurring.RemoveIfExists(DeadlineSweeper.RecurringJobId);
            }
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await retrying.ConfigureAwait(false);
            // Hangfire keeps its log provider in a static bound to this host's logger factory, which is
            // about to be disposed; a later host or client in the same process must not reach it.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        }

        public void Dispose() => stopping.Dispose();
    }
}
