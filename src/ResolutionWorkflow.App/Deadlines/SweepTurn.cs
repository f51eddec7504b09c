using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace ResolutionWorkflow.App.Deadlines;

/// <summary>
/// The recurring job: one sweep at a time across the nodes, and a node that finds the sweep running
/// elsewhere skips its turn instead of queueing behind it. Queueing (Hangfire's DisableConcurrentExecution)
/// let the lock of a node killed mid-sweep hold every other node's sweep — and the Hangfire workers
/// waiting in it — until the lock went stale; now the first turn after that sweeps. Two sweeps at
/// once would still be safe (the sweeper claims rows by compare-and-set); the lock saves the work.
/// </summary>
public sealed partial class SweepTurn(DeadlineSweeper sweeper, JobStorage storage, ILogger<SweepTurn> log)
{
    public const string LockName = "deadline-sweep";

    /// <returns>The rows this turn claimed, or null when the sweep was running elsewhere.</returns>
    /// <remarks>
    /// Synchronous on purpose: Hangfire's SQL Server storage counts a lock's holders per thread, so the
    /// lock is released on the thread that took it (Hangfire runs an async job blocking on its worker
    /// thread anyway).
    /// </remarks>
    [AutomaticRetry(Attempts = 0)]
    [Queue(Scheduling.DeadlineQueue)]
    public int? Run(CancellationToken ct)
    {
        using var connection = storage.GetConnection();
        IDisposable held;
        try
        {
            held = connection.AcquireDistributedLock(LockName, TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException e)
        {
            // Rare: Hangfire enqueues each turn once for the cluster, so only a sweep still running, a dead node's
            // lock not yet stale, or a storage that cannot be reached (which the exception then tells) meets it.
            Skipped(log, e.Message);
            return null;
        }
        try
        {
            return sweeper.SweepAsync(ct).GetAwaiter().GetResult().Count;
        }
        finally
        {
            try { held.Dispose(); }
            // The lock then stays until it is stale; the rows this turn claimed are claimed all the same.
            catch (DistributedLockTimeoutException e) { NotReleased(log, e); }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweep skipped: the sweep is running on another node, or a dead node's lock is not stale yet ({Reason})")]
    private static partial void Skipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep lock not released; it is taken over once stale")]
    private static partial void NotReleased(ILogger logger, Exception exception);
}
