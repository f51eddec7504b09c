using System.Collections.Concurrent;

namespace ResolutionWorkflow.Web.Accounts;

/// <summary>
/// Slows down whoever keeps failing to sign in, and only them. Failures are counted per address and
/// per account from that address; past a few, that source waits before its next try, twice as long
/// after each further failure (up to <see cref="MaxWait"/>). The account itself is never locked:
/// someone guessing from elsewhere cannot keep its owner out. Counts fade after
/// <see cref="ForgetAfter"/> without a failure, and a success clears its account's count.
/// Kept per node, in memory: behind a load balancer each node slows a source on its own.
/// </summary>
public sealed class SignInGuard(TimeProvider time)
{
    public const int FreeFailuresPerAccount = 5, FreeFailuresPerAddress = 20;
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15), ForgetAfter = TimeSpan.FromMinutes(30);
    private const int MaxTracked = 100_000;

    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
        public DateTimeOffset NotBefore;
    }

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long this source must still wait before it may try; zero when it may try now.</summary>
    public TimeSpan WaitFor(string? address, string? userName)
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var key in Keys(address, userName))
        {
            if (_failures.TryGetValue(key, out var f))
            {
                lock (f)
                {
                    if (now - f.Last > ForgetAfter) { continue; }
                    if (f.NotBefore - now > wait) { wait = f.NotBefore - now; }
                }
            }
        }
        return wait;
    }

    public void Failed(string? address, string? userName)
    {
        var now = time.GetUtcNow();
        if (_failures.Count > MaxTracked) { Forget(now); }
        var keys = Keys(address, userName);
        for (var i = 0; i < keys.Length; i++)
        {
            var free = i == 0 ? FreeFailuresPerAddress : FreeFailuresPerAccount;
            var f = _failures.GetOrAdd(keys[i], _ => new Failures());
            lock (f)
            {
                if (now - f.Last > ForgetAfter) { f.Count = 0; }
                f.Count++;
                f.Last = now;
                if (f.Count > free)
                {
                    var seconds = Math.Min(MaxWait.TotalSeconds, Math.Pow(2, Math.Min(f.Count - free, 20)));
                    f.NotBefore = now + TimeSpan.FromSeconds(seconds);
                }
            }
        }
    }

    public void Succeeded(string? address, string? userName) => _failures.TryRemove(Keys(address, userName)[1], out _);

    private static string[] Keys(string? address, string? userName)
    {
        var from = address ?? "unknown";
        return [$"address:{from}", $"account:{(userName ?? "").Trim().ToUpperInvariant()}@{from}"];
    }

    /// <summary>Drops counts that have faded, so a spray of made-up names cannot fill memory.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, f) in _failures)
        {
            if (now - f.Last > ForgetAfter) { _failures.TryRemove(key, out _); }
        }
        if (_failures.Count > MaxTracked) { _failures.Clear(); }
    }
}
