namespace ResolutionWorkflow.Tests.Common;

/// <summary>
/// The two tests that each load the whole machine — the cluster of processes killed mid-load and the
/// browser walking every page as every role — take turns across the test projects, which `dotnet test`
/// runs side by side. On two cores each took about twice as long beside the other (whole runs: the walk
/// 290–302 s and the cluster test 197–216 s beside each other; 155 s and 157 s taking turns), long enough
/// to put their own deadlines at risk. The turn is an exclusive lock on a file, which the operating
/// system releases if the process dies.
/// </summary>
public static class MachineTurn
{
    private static readonly string LockFile = Path.Combine(Path.GetTempPath(), "resolution-workflow-machine-turn.lock");

    /// <summary>Waits for the turn (at most <paramref name="timeout"/>); disposing the result gives it back.</summary>
    public static async Task<IDisposable> TakeAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix: another process's open fails until this one closes.
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (IOException e)
            {
                throw new TimeoutException($"the machine's turn ({LockFile}) was not free in {timeout.TotalMinutes} min: another test held it", e);
            }
        }
    }
}
