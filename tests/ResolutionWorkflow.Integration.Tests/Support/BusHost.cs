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

    public static Task<BusHost> StartAsync(params string[] partyChannels) => StartAsync(new BusHostOptions { PartyChannels = partyChannels });

    public static async Task<BusHost> StartAsync(BusHostOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var database = new SqliteTestDatabase(o.DataFolder, owner: o.DataFolder is null && !o.KeepFiles);
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = database.Options.DataFolder,
            ["Messaging:OutboxPollInterval"] = "00:00:00.050",
            ["Deadlines:PollSeconds"] = "1",
            ["Mail:BaseUrl"] = "https://resolutions.test/",
        };
        for (var i = 0; i < o.PartyChannels.Length; i++) { settings[$"Messaging:PartyChannels:{i}"] = o.PartyChannels[i]; }
        foreach (var (key, value) in o.Settings) { settings[key] = value; }
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(o.Now ?? AppHarness.DefaultStart));
        o.Services?.Invoke(services);
        services.AddResolutionWorkflow(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), o.Workflows ?? Repository.Workflows, testHarness: true);
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>().Where(h => h is not App.Messaging.OutboxRelay))
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        return new BusHost(provider, database);
    }

    public ResolutionDbContext NewContext() => Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContext();

    public string DataFolder => _database.Folder;

    public string MailFolder => Path.Combine(DataFolder, "mail");

    /// <summary>Mail written to the pickup folder, parsed.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> Mail(string? template = null) =>
        Directory.Exists(MailFolder)
            ? [.. Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
                .Where(m => template is null || m.Headers["X-Resolution-Notification"] == template)]
            : [];

    /// <summary>Waits until <paramref name="condition"/> holds (jobs run on Hangfire's workers), or fails after the timeout.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) { Assert.Fail($"timed out waiting for {what}"); }
            await Task.Delay(100);
        }
    }

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
        foreach (var hosted in Services.GetServices<IHostedService>().Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class BusHostOptions
{
    public string[] PartyChannels { get; init; } = [];

    /// <summary>An existing data folder: the host plays a restarted process over the same files.</summary>
    public string? DataFolder { get; init; }

    /// <summary>Leave the data folder behind on dispose, for a second host to start over it.</summary>
    public bool KeepFiles { get; init; }

    public string? Workflows { get; init; }

    public DateTimeOffset? Now { get; init; }

    public Dictionary<string, string?> Settings { get; init; } = [];

    public Action<IServiceCollection>? Services { get; init; }
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

/// <summary>
/// Hosts with Hangfire share its static log provider, so classes that start them run one after
/// another rather than beside each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostedAppTests
{
    public const string Name = "hosted application";
}
