using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Messaging;

/// <summary>The application and the party-system sample as two processes over a real RabbitMQ.</summary>
[Collection(HostedAppTests.Name)]
public sealed class RabbitMqPartyTests
{
    [Fact]
    public async Task The_party_system_receives_a_review_request_and_its_opinion_is_recorded_and_journaled()
    {
        var rabbit = Servers.RabbitMq();
        var party = Servers.RabbitMqParty();
        await using var database = new SqliteTestDatabase();
        var appUser = rabbit.UserInfo.Split(':');
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = database.Options.DataFolder,
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMq:Host"] = rabbit.Host,
            ["Messaging:RabbitMq:Port"] = rabbit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:RabbitMq:Username"] = appUser[0],
            ["Messaging:RabbitMq:Password"] = appUser[1],
            ["Messaging:CommandQueue"] = $"rw-test-commands-{Guid.NewGuid():N}",
            ["Messaging:PartyChannels:0"] = "by-minfin",
            ["Messaging:OutboxPollInterval"] = "00:00:00.100",
        });
        builder.Services.AddResolutionWorkflow(builder.Configuration, Repository.Workflows);
        using var app = builder.Build();
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.StartAsync(startTimeout.Token);
        Process? sample = null;
        try
        {
            var answers = Directory.CreateTempSubdirectory("rw-answers-").FullName;
            var resolution = Guid.NewGuid();
            await File.WriteAllTextAsync(Path.Combine(answers, $"{resolution}.json"),
                """{ "opinion": "disagree", "remarks": [ { "clause": "3", "text": "Указать источники финансирования по годам." } ] }""");

            sample = StartPartySystem(party, answers);
            var output = new StringBuilder();
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            sample.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) { return; }
                lock (output) { output.AppendLine(e.Data); }
                if (e.Data.StartsWith("listening", StringComparison.Ordinal)) { listening.TrySetResult(); }
            };
            sample.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine("! " + e.Data); } } };
            sample.BeginOutputReadLine();
            sample.BeginErrorReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

            var processor = app.Services.GetRequiredService<CommandProcessor>();
            var r = new ResolutionClient(processor, resolution);
            await r.Accept(r.Start("council-of-ministers-resolution"));
            await r.Accept(r.Submit());

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var exited = await sample.WaitForExitAsync(wait.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            string log;
            lock (output) { log = output.ToString(); }
            Assert.True(exited, "the party system did not finish in 60 s; its output:\n" + log);
            Assert.True(sample.ExitCode == 0, log);
            Assert.Contains($"review-requested {resolution}", log, StringComparison.Ordinal);
            Assert.Contains("accepted", log, StringComparison.Ordinal);

            await using var db = app.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContext();
            var opinion = await db.Journal.AsNoTracking().SingleAsync(j => j.ResolutionId == resolution && j.EventType == "opinion-recorded");
            Assert.Equal("by-minfin/document-system", opinion.ActorUserId);
            Assert.Contains("\"kind\":\"disagree\"", opinion.Data, StringComparison.Ordinal);
            var remark = await db.Remarks.AsNoTracking().SingleAsync(x => x.ResolutionId == resolution);
            Assert.Equal(("by-minfin", "3"), (remark.Organisation, remark.Clause));
        }
        finally
        {
            // A party system left listening would take the next run's review request.
            if (sample is { HasExited: false }) { sample.Kill(entireProcessTree: true); }
            sample?.Dispose();
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static Process StartPartySystem(Uri party, string answers)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Repository.Root, "src", "ResolutionWorkflow.PartySystem", "bin", configuration, "net10.0", "party-system.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--org", "by-minfin", "--rabbit", party.ToString(), "--answers", answers, "--once" }) { info.ArgumentList.Add(arg); }
        return Process.Start(info)!;
    }
}
