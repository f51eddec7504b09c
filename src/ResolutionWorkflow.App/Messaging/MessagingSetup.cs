using MassTransit;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>The bus: one consumer per command type, on the application's queue and on every party channel.</summary>
public static class MessagingSetup
{
    /// <summary>Registers a request client per command (pages and the API await outcomes) and, where commands are consumed, the consumers.</summary>
    public static void AddConsumers(IBusRegistrationConfigurator bus, bool consume = true)
    {
        ArgumentNullException.ThrowIfNull(bus);
        foreach (var configure in PerCommand) { configure.Register(bus, consume); }
        if (consume) { bus.AddConsumer<Notifications.JournalNotificationConsumer>(); }
    }

    /// <summary>Endpoints for any transport: the command queue and each party's <c>{org}.commands</c>.</summary>
    public static void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator cfg, MessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(options);
        cfg.ReceiveEndpoint(options.CommandQueue, e => ConfigureCommandEndpoint(e, context, options));
        cfg.ReceiveEndpoint(options.NotificationQueue, e =>
        {
            e.UseMessageRetry(r => r.Intervals(100, 1000, 5000));
            e.ConfigureConsumer<Notifications.JournalNotificationConsumer>(context);
        });
        foreach (var organisation in options.PartyChannels)
        {
            cfg.ReceiveEndpoint(MessagingOptions.CommandsQueueOf(organisation), e =>
            {
                // Party entities carry the party's prefix only, so its narrow RabbitMQ rights suffice.
                e.ConfigureConsumeTopology = false;
                ConfigureCommandEndpoint(e, context, options);
            });
        }
    }

    private static void ConfigureCommandEndpoint(IReceiveEndpointConfigurator e, IBusRegistrationContext context, MessagingOptions options)
    {
        e.ConcurrentMessageLimit = options.Partitions;
        e.UseMessageRetry(r => r.Immediate(options.Attempts - 1));
        var partitioner = e.CreatePartitioner(options.Partitions);
        foreach (var configure in PerCommand) { configure.Endpoint(e, context, partitioner); }
    }

    private interface ICommandRegistration
    {
        void Register(IBusRegistrationConfigurator bus, bool consume);

        void Endpoint(IReceiveEndpointConfigurator e, IBusRegistrationContext context, IPartitioner partitioner);
    }

    /// <summary>Per message type, because MassTransit's partitioner is typed: commands of one resolution are handled in order.</summary>
    private sealed class CommandRegistration<T> : ICommandRegistration where T : class, IResolutionCommand
    {
        public void Register(IBusRegistrationConfigurator bus, bool consume)
        {
            if (consume) { bus.AddConsumer<ResolutionCommandConsumer<T>>(); }
            bus.AddRequestClient<T>();
        }

        public void Endpoint(IReceiveEndpointConfigurator e, IBusRegistrationContext context, IPartitioner partitioner) =>
            e.ConfigureConsumer<ResolutionCommandConsumer<T>>(context, c => c.Message<T>(m => m.UsePartitioner(partitioner, p => p.Message.ResolutionId)));
    }

    // MassTransit's consumer and partitioner are typed by message: one registration per catalogue entry's type.
    private static readonly ICommandRegistration[] PerCommand =
        [.. CommandCatalog.All.Select(e => (ICommandRegistration)Activator.CreateInstance(typeof(CommandRegistration<>).MakeGenericType(e.Message))!)];

    /// <summary>Configures the RabbitMQ host from options (TLS when asked).</summary>
    public static void Host(IRabbitMqBusFactoryConfigurator cfg, RabbitMqOptions rabbit)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(rabbit);
        cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
        {
            h.Username(rabbit.Username);
            h.Password(rabbit.Password);
            if (rabbit.UseTls) { h.UseSsl(s => s.ServerName = rabbit.Host); }
        });
    }
}
