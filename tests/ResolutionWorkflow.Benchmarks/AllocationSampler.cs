using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// Which types the allocations are, sampled by the runtime (an AllocationTick event about every
/// 100 KB allocated, naming the type of the object that crossed the mark). With RW_BENCH_ALLOCATIONS=1
/// each measured run prints the types that took the most.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public static AllocationSampler? StartIfAsked() =>
        Environment.GetEnvironmentVariable("RW_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") { EnableEvents(source, EventLevel.Verbose, GcKeyword); }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName != "GCAllocationTick_V4" || e.Payload is null) { return; }
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    public void Reset() => _bytes.Clear();

    /// <summary>The top types since the last call, as KiB per operation.</summary>
    public void Report(int operations, int top = 20)
    {
        var total = _bytes.Values.Sum();
        Console.Error.WriteLine($"  allocation samples: {total / 1024.0 / Math.Max(operations, 1):F0} KiB per opinion sampled");
        foreach (var (type, bytes) in _bytes.ToArray().OrderByDescending(x => x.Value).Take(top))
        {
            Console.Error.WriteLine($"    {bytes / 1024.0 / Math.Max(operations, 1),7:F1} KiB  {type}");
        }
        _bytes.Clear();
    }
}
