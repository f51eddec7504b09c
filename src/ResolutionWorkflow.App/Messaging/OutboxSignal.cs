namespace ResolutionWorkflow.App.Messaging;

/// <summary>
/// Tells the outbox relay that this process has just committed outbox rows, so it relays them now
/// rather than at its next poll. Signals that arrive while nobody waits are kept as one.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already signalled: one wake-up covers both
    }

    /// <summary>Returns when signalled or when the timeout passes, whichever is first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
