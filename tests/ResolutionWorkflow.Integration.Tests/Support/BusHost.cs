using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ResolutionWorkflow.App;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>The application's services over MassTransit's in-memory test harness and a real SQLite file.</summary>
public sealed class BusHost : IAsyncDisposable
{
    private readonly SqliteTestDatabase _database;

    private BusHost(ServiceProvider services, SqliteTestDatabase database)
    {
        Services = services;
        _database = database;
    }

    public ServiceProvider Services { get; }

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public static async Task<BusHost> StartAsync(params string[] partyChannels)
    {
        var database = new SqliteTestDatabase();
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = database.Options.DataFolder,
            ["Messaging:OutboxPollInterval"] = "00:00:00.050",
        };
        for (var i = 0; i < partyChannels.Length; i++) { settings[$"Messaging:PartyChannels:{i}"] = partyChannels[i]; }
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(AppHarness.DefaultStart));
        services.AddResolutionWorkflow(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Repository.Workflows, testHarness: true);
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>().Where(h => h is not App.Messaging.OutboxRelay))
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        return new BusHost(provider, database);
    }

    public ResolutionDbContext NewContext() => Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContext();

    /// <summary>Sends a command as the web app does (request/response) and returns the answer.</summary>
    public async Task<(CommandAccepted? Accepted, CommandRejected? Rejected)> Request<T>(T message) where T : class, IResolutionCommand
    {
        var client = Harness.GetRequestClient<T>();
        var response = await client.GetResponse<CommandAccepted, CommandRejected>(message, timeout: RequestTimeout.After(s: 30));
        return response.Is(out Response<CommandAccepted>? accepted) ? (accepted!.Message, null)
            : response.Is(out Response<CommandRejected>? rejected) ? (null, rejected!.Message)
            : throw new InvalidOperationException("unexpected response");
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>A resolution driven through the bus with request/response, as the web app will.</summary>
public sealed class BusClient(BusHost host, Guid id) : CommandBuilder(id)
{
    private string _hash = "";

    public override string Hash => _hash;

    public async Task<CommandAccepted> Accept(Engine.Resolutions.ResolutionCommand command)
    {
        var (accepted, rejected) = await Send(command);
        Assert.True(accepted is not null, $"{command.GetType().Name} was rejected: {rejected?.Code}: {rejected?.Reason}");
        return accepted!;
    }

    public async Task<CommandRejected> Reject(Engine.Resolutions.ResolutionCommand command, string code)
    {
        var (accepted, rejected) = await Send(command);
        Assert.True(rejected is not null, $"{command.GetType().Name} was accepted, expected {code}");
        Assert.Equal(code, rejected!.Code);
        return rejected;
    }

    public async Task<(CommandAccepted? Accepted, CommandRejected? Rejected)> Send(Engine.Resolutions.ResolutionCommand command)
    {
        var message = ContractOf.Command(command);
        var result = await (Task<(CommandAccepted?, CommandRejected?)>)typeof(BusHost).GetMethod(nameof(BusHost.Request))!
            .MakeGenericMethod(message.GetType()).Invoke(host, [message])!;
        if (result.Item1 is { } a) { _hash = a.TextHash; }
        return result;
    }
}
