using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.App.Documents;
using ResolutionWorkflow.Documents.Layout;
using ResolutionWorkflow.Documents.Packages;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Benchmarks;

/// <summary>
/// The documents of a 100-clause resolution with 60 remarks, rendered as DOCX and PDF (p50 and p95
/// of each); a 20 MB attachment stored and read back through the database with the process's
/// memory sampled while it streams; and `act verify` of the package holding it. Beside a raw SQLite
/// commit of the same run.
/// </summary>
public static class DocumentsScenario
{
    public static async Task RunAsync(bool smoke, double baselineCommitsPerSecond)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-bench-documents-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = Path.Combine(folder, "data"),
            ["Mail:PickupFolder"] = Path.Combine(folder, "mail"),
        });
        builder.Services.AddResolutionWorkflow(builder.Configuration, Repository.Workflows);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var services = host.Services;
            var processor = services.GetRequiredService<CommandProcessor>();
            var r = new Driver(processor, Guid.NewGuid());
            var text = "Совет Министров Союзного государства постановляет:\n\n" + string.Join("\n", Enumerable.Range(1, 100).Select(i =>
                $"{i}. Государствам-участникам обеспечить выполнение мероприятий {i} программы в установленные сроки, представлять в Постоянный Комитет сведения о ходе их выполнения и о расходовании средств бюджета Союзного государства."));
            await r.Do(r.Start("council-of-ministers-resolution", text: text));
            await r.Do(r.Submit());
            var remarks = Enumerable.Range(1, 60).Select(i => new RemarkInput(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Уточнить срок выполнения мероприятия {i} с учётом бюджетного цикла обеих сторон.", $"{i}. Обеспечить выполнение мероприятия {i} до 1 июля 2027 г.")).ToList();
            await r.Do(new RecordOpinion(r.Hash, OpinionKind.Disagree, [.. remarks]) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = Actors.Officer("by-minfin") });
            foreach (var m in Actors.ReviewingMinistries.Except(["by-minfin"])) { await r.Do(r.Agree(m)); }

            var documents = services.GetRequiredService<ResolutionDocuments>();
            var runs = smoke ? 3 : 40;
            var commitMs = 1000.0 / baselineCommitsPerSecond;
            foreach (var kind in new[] { DocumentKind.ApprovalSheet, DocumentKind.DisagreementTable, DocumentKind.Act })
            {
                foreach (var format in new[] { "docx", "pdf" })
                {
                    var times = new List<double>();
                    long size = 0;
                    for (var i = 0; i < runs; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        var document = (await documents.BuildAsync(r.Id, kind, "ru", CancellationToken.None))!;
                        var output = new MemoryStream();
                        if (format == "pdf") { PdfWriter.Write(document, output); } else { DocxWriter.Write(document, output); }
                        times.Add(watch.Elapsed.TotalMilliseconds);
                        size = output.Length;
                    }
                    var p95 = Harness.Percentile(times, 0.95);
                    Console.WriteLine($"documents: {kind} as {format}: p50 {Harness.Median(times):F0} ms, p95 {p95:F0} ms ({p95 / commitMs:F0}x a raw commit), {size / 1024} KiB — {(p95 < 1000 ? "under" : "OVER")} 1 s");
                }
            }

            // A 20 MB annex in and out, streamed: the working set is sampled every 5 ms while it moves.
            var megabytes = smoke ? 2 : 20;
            var file = Path.Combine(folder, "annex.pdf");
            await using (var write = File.Create(file))
            {
                var chunk = new byte[1 << 20];
                for (var i = 0; i < megabytes; i++)
                {
                    Random.Shared.NextBytes(chunk);
                    if (i == 0) { "%PDF-1.7\n"u8.CopyTo(chunk); }
                    await write.WriteAsync(chunk);
                }
            }
            var bytes = (long)megabytes << 20;
            var store = services.GetRequiredService<AttachmentStore>();
            StoredContent stored = null!;
            var (uploadMs, uploadGrowth) = await Sampled(async () =>
            {
                await using var read = File.OpenRead(file);
                stored = await store.StoreAsync(read, "annex.pdf", CancellationToken.None);
            });
            var (downloadMs, downloadGrowth) = await Sampled(async () =>
            {
                await using var hashing = new CryptoStream(Stream.Null, SHA256.Create(), CryptoStreamMode.Write);
                await store.CopyToAsync(stored.Sha256, hashing, CancellationToken.None);
            });
            Console.WriteLine($"documents: {megabytes} MB attachment stored in {uploadMs:F0} ms (working set +{uploadGrowth / (1 << 20)} MB, {uploadGrowth / (double)bytes:F2}x its size), read back in {downloadMs:F0} ms (+{downloadGrowth / (1 << 20)} MB, {downloadGrowth / (double)bytes:F2}x) — {(Math.Max(uploadGrowth, downloadGrowth) < 2 * bytes ? "under" : "OVER")} 2x");

            // The package with that annex, verified offline.
            var d = new Driver(processor, Guid.NewGuid());
            await d.Do(d.Start("council-of-ministers-resolution", text: text));
            await d.Do(d.Attach(new Engine.Texts.Attachment("annex", "annex.pdf", stored.MediaType, stored.Size, stored.Sha256)));
            var package = Path.Combine(folder, "act.zip");
            await using (var output = File.Create(package)) { await services.GetRequiredService<ActPackageExport>().WriteAsync(d.Id, output, CancellationToken.None); }
            var verify = new List<double>();
            for (var i = 0; i < (smoke ? 2 : 10); i++)
            {
                var watch = Stopwatch.StartNew();
                await using var read = File.OpenRead(package);
                var failures = ActPackageVerifier.Verify(read, []);
                verify.Add(watch.Elapsed.TotalMilliseconds);
                if (failures.Count > 0) { throw new InvalidOperationException("the package did not verify: " + string.Join("; ", failures)); }
            }
            Console.WriteLine($"documents: act verify of a package with a {megabytes} MB annex: p50 {Harness.Median(verify):F0} ms, p95 {Harness.Percentile(verify, 0.95):F0} ms — {(Harness.Percentile(verify, 0.95) < 1000 ? "under" : "OVER")} 1 s");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Runs the work while sampling the working set; returns its time and the largest growth seen over the start.</summary>
    private static async Task<(double Ms, long Growth)> Sampled(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.WorkingSet64;
        long peak = start;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(5);
            }
        });
        var watch = Stopwatch.StartNew();
        await work();
        var ms = watch.Elapsed.TotalMilliseconds;
        await stop.CancelAsync();
        await sampler;
        return (ms, peak - start);
    }

    private sealed class Driver(CommandProcessor processor, Guid id) : CommandBuilder(id)
    {
        private string _hash = "";

        public override string Hash => _hash;

        public async Task Do(ResolutionCommand command)
        {
            var outcome = await processor.ExecuteAsync(command);
            if (!outcome.Accepted) { throw new InvalidOperationException($"{command.GetType().Name}: {outcome.Rejection?.Message}"); }
            _hash = outcome.Summary!.TextHash;
        }
    }
}
