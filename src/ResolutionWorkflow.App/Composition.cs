using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResolutionWorkflow.App.Commands;
using ResolutionWorkflow.App.Deadlines;
using ResolutionWorkflow.App.Hosting;
using ResolutionWorkflow.App.Integrity;
using ResolutionWorkflow.App.Retention;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App;

/// <summary>The one composition root of the application's features; hosts call <see cref="AddResolutionWorkflow"/>.</summary>
public static class Composition
{
    public static IServiceCollection AddResolutionWorkflow(this IServiceCollection services, IConfiguration configuration, string workflowsFolder, bool testHarness = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var workflows = WorkflowDirectory.Load(workflowsFolder);
        if (!workflows.IsValid)
        {
            throw new DefinitionException(workflows.Errors);
        }
        services.AddSingleton(workflows);
        services.AddSingleton(workflows.Catalog);
        services.AddSingleton(workflows.Registry!);
        services.AddSingleton(workflows.Calendars);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Decider(workflows.Catalog, workflows.Registry!, workflows.Calendars));

        var database = Database.ReadOptions(configuration);
        services.AddResolutionDatabase(database);
        var journal = Settings.Read<JournalOptions>(configuration, JournalOptions.Section);
        journal.AnchorFolder ??= Path.Combine(database.DataFolder, "anchors");
        services.AddSingleton(journal);
        services.AddSingleton(sp => new JournalAnchorWriter(journal.AnchorFolder, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<JournalVerifier>();
        services.AddTransient<JournalCheckJob>();
        var retention = Settings.Read<RetentionOptions>(configuration, RetentionOptions.Section);
        services.AddSingleton(retention);
        services.AddTransient<RetentionJob>();
        services.AddSingleton(Settings.Read<Documents.AttachmentOptions>(configuration, Documents.AttachmentOptions.Section));
        services.AddSingleton<Documents.AttachmentStore>();
        services.AddSingleton<Documents.ResolutionDocuments>();
        services.AddSingleton<Documents.ActPackageExport>();
        var signatures = Settings.Read<Documents.SignatureOptions>(configuration, Documents.SignatureOptions.Section);
        signatures.TrustAnchorFolder ??= Path.Combine(database.DataFolder, "trust-anchors");
        services.AddSingleton(signatures);
        services.AddSingleton<Documents.SignatureCheck>();
        services.AddHostedService<Documents.TrustAnchorReport>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp => new CommandProcessor(
            sp.GetRequiredService<IDbContextFactory<ResolutionDbContext>>(), sp.GetRequiredService<Decider>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CommandProcessor>>())
        {
            GroupSize = database.GroupCommitSize,
            Committed = sp.GetRequiredService<OutboxSignal>().Notify,
            Anchors = sp.GetRequiredService<JournalAnchorWriter>(),
        });
        // Before the bus: no command is consumed until the database is ready.
        services.AddHostedService<DatabaseStartupService>();

        var messaging = Settings.Read<MessagingOptions>(configuration, MessagingOptions.Section);
        services.AddSingleton(messaging);
        var role = testHarness ? NodeRole.All : NodeRoles.Read(configuration);
        if (role != NodeRole.All && (database.Provider == DatabaseProvider.Sqlite || messaging.Transport == Transport.InMemory))
        {
            throw new SettingsException($"{NodeRoles.Key}: {role.Name()} runs apart from the other role only on a server database and RabbitMQ; the embedded default (SQLite, in-memory bus) is one process, use all");
        }
        services.AddSingleton(new ThisNode(role));
        services.AddSingleton<IncidentLog>();
        services.AddSingleton<PartyRefusals>();
        if (testHarness)
        {
            services.AddMassTransitTestHarness(x =>
            {
                // Shared CI machines are slow at times: wait for quiet rather than fail early.
                x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(5));
                x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
                MessagingSetup.AddConsumers(x);
                x.UsingInMemory((context, cfg) => MessagingSetup.ConfigureEndpoints(context, cfg, messaging));
            });
        }
        else
        {
            services.AddMassTransit(x =>
            {
                // A government system does not report its configuration to a third party.
                x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
                // A web node only sends: its requests reach the workers' queues, its answers come to its own bus endpoint.
                MessagingSetup.AddConsumers(x, consume: role.RunsWorker());
                if (messaging.Transport == Transport.RabbitMq)
                {
                    x.UsingRabbitMq((context, cfg) =>
                    {
                        MessagingSetup.Host(cfg, messaging.RabbitMq);
                        if (role.RunsWorker()) { MessagingSetup.ConfigureEndpoints(context, cfg, messaging); }
                    });
                }
                else
                {
                    x.UsingInMemory((context, cfg) => MessagingSetup.ConfigureEndpoints(context, cfg, messaging));
                }
            });
            // Start waits until the queues are bound: a command sent before would go to an exchange with no queue behind it, and be lost.
            services.AddOptions<MassTransitHostOptions>().Configure(o =>
            {
                o.WaitUntilStarted = true;
                o.StartTimeout = TimeSpan.FromSeconds(60);
            });
        }
        var mail = Settings.Read<MailOptions>(configuration, MailOptions.Section);
        mail.PickupFolder ??= Path.Combine(database.DataFolder, "mail");
        var (templates, templateErrors) = MailTemplates.Load(Path.Combine(workflowsFolder, "templates"));
        if (templates is null) { throw new DefinitionException(templateErrors); }
        services.AddSingleton(mail);
        services.AddSingleton(templates);
        var (wording, wordingErrors) = Localization.Wording.Load(Path.Combine(workflowsFolder, "templates"));
        services.AddSingleton(wording ?? throw new DefinitionException(wordingErrors));
        services.AddSingleton<Localization.Names>();
        services.TryAddSingleton<IMailSender>(mail.Delivery == MailDelivery.Smtp ? new SmtpMailSender(mail.Smtp) : new PickupFolderMailSender(mail.PickupFolder));
        services.AddSingleton<Notifier>();
        services.AddSingleton<TimeLeft>();
        services.AddTransient<NotificationJob>();

        var deadlines = Settings.Read<DeadlineOptions>(configuration, DeadlineOptions.Section);
        services.AddResolutionScheduling(database, deadlines, runJobs: role.RunsWorker());

        services.AddSingleton<OutboxRelay>();
        if (role.RunsWorker()) { services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>()); }
        return services;
    }
}

/// <summary>Opens, checks and migrates the database before anything else starts.</summary>
internal sealed class DatabaseStartupService(IDbContextFactory<ResolutionDbContext> contexts, DatabaseOptions options, WorkflowCatalog catalog, TimeProvider time) : IHostedService, IDisposable
{
    private IDisposable? _sqliteLock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // SQLite serves one process: its outbox relay, sweeper and Hangfire storage assume no other node.
        _sqliteLock = Database.LockSqliteToThisProcess(options);
        var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await Database.EnsureReadyAsync(db, options, catalog, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sqliteLock?.Dispose();
        _sqliteLock = null;
    }
}
