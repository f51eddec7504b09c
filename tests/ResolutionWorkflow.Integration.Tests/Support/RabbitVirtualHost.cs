using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>
/// A RabbitMQ virtual host of its own for a test that runs whole application processes: their
/// queues and exchanges carry the application's fixed names, which other tests on the broker use too.
/// Made and removed with rabbitmqctl on the test machine; the application's user gets full rights on it.
/// </summary>
public sealed class RabbitVirtualHost : IAsyncDisposable
{
    private RabbitVirtualHost(string name, Uri server)
    {
        Name = name;
        Server = server;
    }

    public string Name { get; }

    /// <summary>The application user's amqp:// address (its virtual host is <see cref="Name"/>, not the address's).</summary>
    public Uri Server { get; }

    public string User => Uri.UnescapeDataString(Server.UserInfo.Split(':')[0]);

    public string Password => Uri.UnescapeDataString(Server.UserInfo.Split(':')[1]);

    public static async Task<RabbitVirtualHost> CreateAsync()
    {
        var server = Servers.RabbitMq();
        var host = new RabbitVirtualHost("rw-test-" + Guid.NewGuid().ToString("N")[..12], server);
        await CtlAsync("add_vhost", host.Name);
        await CtlAsync("set_permissions", "-p", host.Name, host.User, ".*", ".*", ".*");
        return host;
    }

    public async ValueTask DisposeAsync() => await CtlAsync("delete_vhost", Name);

    private static async Task CtlAsync(params string[] arguments)
    {
        try
        {
            await RabbitCtl.RunAsync(arguments);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var reason = $"rabbitmqctl is not available to make a virtual host ({e.Message}); run the tests where infra/test-services.sh ran";
            if (Servers.Required) { Assert.Fail(reason); }
            Assert.Skip(reason);
        }
    }
}
