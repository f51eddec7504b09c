using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace ResolutionWorkflow.App.Deadlines;

/// <summary>
/// The recurring job: the nodes take turns at the sweep, and a node that finds it running elsewhere
/// skips its turn instead of queueing behind it. Queueing (Hangfire's DisableConcurrentExecution) let
/// the lock of a node killed mid-sweep hold every other node's sweep — and the Hangfire workers
/// waiting in it — until the lock went stale; now the next free turn after that sweeps. Two sweeps at
/// once would still be safe (the sweeper claims rows by compare-and-set); the turn saves the work.
/// </summary>
public sealed partial class SweepTurn(DeadlineSweeper sweeper, JobStorage storage, ILogger<SweepTurn> log)
{
    public const string LockName = "deadline-sweep";

    /// <returns>The rows this turn claimed, or null when the sweep was running elsewhere.</returns>
    /// <remarks>
    /// Synchronous on purpose: Hangfire's SQLite and SQL Server storages count a lock's holders per
    /// thread, so it must be released on the thread that took it (Hangfire runs an async job blocking
    /// on its worker thread anyway).
    /// </remarks>
    [AutomaticRetry(Attempts = 0)]
    public int? Run(CancellationToken ct)
    {
        using var connection = storage.GetConnection();
        IDisposable held;
        try
        {
            held = connection.AcquireDistributedLock(LockName, TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            Skipped(log);
            return null;
        }
        using (held)
        {
            return sweeper.SweepAsync(ct).GetAwaiter().GetResult().Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deadline sweep skipped: it is running on another node (or a dead node's lock is not yet stale)")]
    private static partial void Skipped(ILogger logger);
}
