using System.Diagnostics;
using MassTransit;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.Contracts;
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
[Trait("Category", "Server")]
public sealed class RabbitMqPartyTests
{
    [Fact]
    public async Task The_party_system_receives_a_review_request_and_its_opinion_is_recorded_and_journaled()
    {
        var party = Servers.RabbitMqParty();
        await using var database = new SqliteTestDatabase();
        using var app = await StartAppAsync(database);
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

    [Fact]
    public async Task A_refused_party_message_is_recorded_against_the_party_never_in_the_named_resolution_and_a_flood_is_bounded()
    {
        await using var database = new SqliteTestDatabase();
        using var app = await StartAppAsync(database, refusalsPerMinute: 10);
        await using var party = await PartyBus.StartAsync();
        try
        {
            // A draft: by-minfin has no task in it, and nothing it sends may touch its journal.
            var processor = app.Services.GetRequiredService<CommandProcessor>();
            var draft = new ResolutionClient(processor, Guid.NewGuid());
            await draft.Accept(draft.Start("council-of-ministers-resolution"));
            var contexts = app.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>();
            async Task<(int Journal, int Outbox)> Counts()
            {
                await using var db = await contexts.CreateDbContextAsync();
                return (await db.Journal.CountAsync(j => j.ResolutionId == draft.Id), await db.Outbox.CountAsync());
            }
            var before = await Counts();

            // A sender's text with markup and a 3,000-character organisation, then 250 messages claiming to be ru-minfin.
            var sent = new List<GiveOpinion>
            {
                new(Guid.NewGuid(), draft.Id, new ActorRef("<script>alert(1)</script>", new string('x', 3000), ["officer"]), draft.Hash, "agree", [], null),
            };
            sent.AddRange(Enumerable.Range(0, 250).Select(i => new GiveOpinion(Guid.NewGuid(), draft.Id, new ActorRef($"clerk-{i}<b>", "ru-minfin", ["officer"]), draft.Hash, "agree", [], null)));
            foreach (var message in sent) { await party.SendAsync(message); }

            var answers = await party.AnswersAsync(sent.Select(m => m.CommandId), TimeSpan.FromSeconds(90));
            Assert.All(answers, a => Assert.False(a.Accepted));
            Assert.Equal("invalidInput", answers.Single(a => a.CommandId == sent[0].CommandId).Code);
            Assert.All(answers.Where(a => a.CommandId != sent[0].CommandId), a => Assert.Equal("notPermitted", a.Code));
            Assert.DoesNotContain(answers, a => a.Reason!.Contains("<script>", StringComparison.Ordinal) || a.Reason.Length > 1000);

            // The named resolution's journal and the outbox are as they were; the party's own record holds at most the limit.
            Assert.Equal(before, await Counts());
            await using var db = await contexts.CreateDbContextAsync();
            var refusals = await db.PartyRefusals.AsNoTracking().ToListAsync();
            Assert.Equal(10, refusals.Count);
            Assert.All(refusals, r => Assert.Equal("by-minfin", r.Organisation));
            Assert.All(refusals, r => Assert.True(r.Reason.Length <= PartyRefusals.MaxReason, r.Reason));
            Assert.DoesNotContain(refusals, r => r.Reason.Contains("<script>", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_reply_address_outside_the_partys_own_names_gets_nothing_and_its_own_gets_the_answer()
    {
        await using var database = new SqliteTestDatabase();
        using var app = await StartAppAsync(database);
        await using var party = await PartyBus.StartAsync();
        // Another party's queue, declared by the application's user, as ru-minfin's system would have it.
        var elsewhere = $"ru-minfin.replies-{Guid.NewGuid():N}";
        await using var spy = await ReplySpy.StartAsync(elsewhere);
        try
        {
            var processor = app.Services.GetRequiredService<CommandProcessor>();
            var r = new ResolutionClient(processor, Guid.NewGuid());
            await r.Accept(r.Start("council-of-ministers-resolution"));
            await r.Accept(r.Submit());

            var misdirected = new GiveOpinion(Guid.NewGuid(), r.Id, new ActorRef("clerk", "ru-minfin", ["officer"]), r.Hash, "agree", [], null);
            await party.SendAsync(misdirected, new Uri($"queue:{elsewhere}?autodelete=true"));
            var own = new GiveOpinion(Guid.NewGuid(), r.Id, new ActorRef("clerk", "by-minfin", ["officer"]), r.Hash, "agree", [], null);
            await party.SendAsync(own, party.ReplyAddress);

            await party.AnswersAsync([misdirected.CommandId, own.CommandId], TimeSpan.FromSeconds(60));
            var reply = await party.ReplyAsync(own.CommandId, TimeSpan.FromSeconds(30));
            Assert.Equal(r.Id, reply.ResolutionId);
            // The reply to the party's own address came; give a misdirected one as long again to arrive.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Empty(spy.Received);

            await using var db = await app.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContextAsync();
            var refusals = await db.PartyRefusals.AsNoTracking().Where(x => x.CommandId == misdirected.CommandId).Select(x => x.Code).ToListAsync();
            Assert.Equal(["notPermitted", "responseAddressRefused"], refusals.Order());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_null_in_a_party_messages_list_is_a_typed_rejection_naming_the_field_and_no_incident()
    {
        await using var database = new SqliteTestDatabase();
        using var app = await StartAppAsync(database);
        await using var party = await PartyBus.StartAsync();
        try
        {
            var processor = app.Services.GetRequiredService<CommandProcessor>();
            var r = new ResolutionClient(processor, Guid.NewGuid());
            await r.Accept(r.Start("council-of-ministers-resolution"));
            await r.Accept(r.Submit());

            var message = new GiveOpinion(Guid.NewGuid(), r.Id, new ActorRef("clerk", "by-minfin", ["officer"]), r.Hash, "disagree", [null!], null);
            await party.SendAsync(message);

            var answer = (await party.AnswersAsync([message.CommandId], TimeSpan.FromSeconds(60))).Single();
            Assert.False(answer.Accepted);
            Assert.Equal("invalidInput", answer.Code);
            Assert.Contains("$.remarks[0]", answer.Reason, StringComparison.Ordinal);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContextAsync();
            Assert.Empty(await db.Incidents.AsNoTracking().ToListAsync());
            Assert.Equal("open", (await db.Tasks.AsNoTracking().SingleAsync(t => t.ResolutionId == r.Id && t.Organisation == "by-minfin")).Status);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>by-minfin's own system on the broker, with its user's rights: it sends on its channel and hears on its events queue and its own reply queue.</summary>
    private sealed class PartyBus : IAsyncDisposable
    {
        private readonly IBusControl _bus;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, PartyCommandAnswered> _answers = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, CommandAccepted> _replies = new();

        // Auto-deleted, and said so in the address: whoever sends there declares the queue the same way.
        public Uri ReplyAddress { get; } = new($"queue:by-minfin.replies-{Guid.NewGuid():N}?autodelete=true");

        private PartyBus()
        {
            var uri = Servers.RabbitMqParty();
            var credentials = uri.UserInfo.Split(':');
            _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(uri.Host, (ushort)uri.Port, "/", h => { h.Username(credentials[0]); h.Password(credentials[1]); });
                cfg.OverrideDefaultBusEndpointQueueName($"by-minfin.test-bus-{Guid.NewGuid():N}");
                cfg.ReceiveEndpoint("by-minfin.events", e =>
                {
                    e.ConfigureConsumeTopology = false;
                    e.Handler<PartyCommandAnswered>(c => { _answers[c.Message.CommandId] = c.Message; return Task.CompletedTask; });
                });
                cfg.ReceiveEndpoint(ReplyAddress.AbsolutePath, e =>
                {
                    e.ConfigureConsumeTopology = false;
                    e.AutoDelete = true;
                    e.Handler<CommandAccepted>(c => { _replies[c.Message.CommandId] = c.Message; return Task.CompletedTask; });
                });
            });
        }

        public static async Task<PartyBus> StartAsync()
        {
            var party = new PartyBus();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await party._bus.StartAsync(timeout.Token);
            return party;
        }

        public async Task SendAsync<T>(T message, Uri? replyTo = null) where T : class
        {
            var channel = await _bus.GetSendEndpoint(new Uri("exchange:by-minfin.commands"));
            await channel.Send(message, c => { if (replyTo is not null) { c.ResponseAddress = replyTo; } });
        }

        public async Task<List<PartyCommandAnswered>> AnswersAsync(IEnumerable<Guid> commandIds, TimeSpan within)
        {
            var ids = commandIds.ToList();
            await BusHost.Eventually(() => Task.FromResult(ids.All(_answers.ContainsKey)), $"answers to all {ids.Count} commands", (int)within.TotalSeconds);
            return [.. ids.Select(id => _answers[id])];
        }

        public async Task<CommandAccepted> ReplyAsync(Guid commandId, TimeSpan within)
        {
            await BusHost.Eventually(() => Task.FromResult(_replies.ContainsKey(commandId)), "the reply on the party's own address", (int)within.TotalSeconds);
            return _replies[commandId];
        }

        public async ValueTask DisposeAsync() => await _bus.StopAsync(CancellationToken.None);
    }

    /// <summary>A queue of someone else's, watched with the application's user: anything the application sends there is caught.</summary>
    private sealed class ReplySpy : IAsyncDisposable
    {
        private IBusControl _bus = null!;

        public System.Collections.Concurrent.ConcurrentBag<object> Received { get; } = [];

        public static async Task<ReplySpy> StartAsync(string queue)
        {
            var uri = Servers.RabbitMq();
            var credentials = uri.UserInfo.Split(':');
            var spy = new ReplySpy();
            spy._bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(uri.Host, (ushort)uri.Port, "/", h => { h.Username(credentials[0]); h.Password(credentials[1]); });
                cfg.ReceiveEndpoint(queue, e =>
                {
                    e.ConfigureConsumeTopology = false;
                    e.AutoDelete = true;
                    e.Handler<CommandAccepted>(c => { spy.Received.Add(c.Message); return Task.CompletedTask; });
                    e.Handler<CommandRejected>(c => { spy.Received.Add(c.Message); return Task.CompletedTask; });
                });
            });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await spy._bus.StartAsync(timeout.Token);
            return spy;
        }

        public async ValueTask DisposeAsync() => await _bus.StopAsync(CancellationToken.None);
    }

    /// <summary>The application on RabbitMQ with by-minfin's channel, over its own command queue.</summary>
    private static async Task<IHost> StartAppAsync(SqliteTestDatabase database, int refusalsPerMinute = 30)
    {
        var rabbit = Servers.RabbitMq();
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
            ["Messaging:PartyRefusalsPerMinute"] = refusalsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddResolutionWorkflow(builder.Configuration, Repository.Workflows);
        var app = builder.Build();
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.StartAsync(startTimeout.Token);
        return app;
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
