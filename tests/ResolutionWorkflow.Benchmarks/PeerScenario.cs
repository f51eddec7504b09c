using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// The same review-and-sign flow on Workflow Core with its in-memory persistence: each resolution
/// waits for its reviewers' opinions one by one, then two signatures. The driver works as ours
/// does: send one opinion per resolution and wait until the engine has taken it, then the next.
/// </summary>
public sealed class PeerScenario : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IWorkflowHost _host;

    private PeerScenario(ServiceProvider services, IWorkflowHost host)
    {
        _services = services;
        _host = host;
    }

    public static PeerScenario Start()
    {
        var services = new ServiceCollection().AddLogging().AddWorkflow().BuildServiceProvider();
        var host = services.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<ReviewAndSign, ReviewData>();
        host.Start();
        return new PeerScenario(services, host);
    }

    /// <summary>Opinions per second with <paramref name="inFlight"/> resolutions each receiving one opinion at a time.</summary>
    public async Task<double> OpinionsAsync(int inFlight, int reviewers, double seconds)
    {
        var resolutions = new List<string>();
        for (var i = 0; i < inFlight; i++)
        {
            var key = Guid.NewGuid().ToString("N");
            await _host.StartWorkflow("review-and-sign", new ReviewData { Key = key, Reviewers = reviewers });
            resolutions.Add(key);
        }
        var count = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(resolutions.Select(async key =>
        {
            for (var n = 0; n < reviewers && watch.Elapsed.TotalSeconds < seconds; n++)
            {
                var taken = ReviewAndSign.Expect($"{key}/{n + 1}");
                await _host.PublishEvent("opinion", $"{key}/{n}", "agree");
                await taken.WaitAsync(TimeSpan.FromSeconds(30));
                Interlocked.Increment(ref count);
            }
        }));
        return count / watch.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Stop();
        await _services.DisposeAsync();
    }

    public sealed class ReviewData
    {
        public string Key { get; set; } = "";
        public int Reviewers { get; set; }
        public int Opinions { get; set; }
        public int Signatures { get; set; }
    }

    public sealed class ReviewAndSign : IWorkflow<ReviewData>
    {
        private static readonly ConcurrentDictionary<string, TaskCompletionSource> Taken = new();

        public string Id => "review-and-sign";

        public int Version => 1;

        /// <summary>A task that completes when the engine has counted the opinion that makes the named total.</summary>
        public static Task Expect(string keyAndCount) => Taken.GetOrAdd(keyAndCount, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        private static void Signal(string keyAndCount) =>
            Taken.GetOrAdd(keyAndCount, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        public void Build(IWorkflowBuilder<ReviewData> builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            builder
                .StartWith(_ => ExecutionResult.Next())
                .While(d => d.Opinions < d.Reviewers)
                    .Do(review => review
                        .StartWith(_ => ExecutionResult.Next())
                        .WaitFor("opinion", (d, _) => $"{d.Key}/{d.Opinions}", _ => DateTime.MinValue)
                        .Then(context =>
                        {
                            var d = (ReviewData)context.Workflow.Data;
                            d.Opinions++;
                            Signal($"{d.Key}/{d.Opinions}");
                            return ExecutionResult.Next();
                        }))
                .While(d => d.Signatures < 2)
                    .Do(sign => sign
                        .StartWith(_ => ExecutionResult.Next())
                        .WaitFor("signature", (d, _) => $"{d.Key}/s{d.Signatures}", _ => DateTime.MinValue)
                        .Then(context =>
                        {
                            ((ReviewData)context.Workflow.Data).Signatures++;
                            return ExecutionResult.Next();
                        }));
        }
    }
}
