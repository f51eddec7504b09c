using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Storage;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>A real SMTP server on loopback (the SmtpServer package) that keeps what it receives and can refuse on demand.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public TestSmtpServer()
    {
        // SmtpServer cannot report an OS-chosen port: take a free one first.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Refuse this many transactions before accepting again.</summary>
    public int RefuseNext { get => _store.RefuseNext; set => _store.RefuseNext = value; }

    public int Refused => _store.Refused;

    public IReadOnlyList<MimeMessage> Received
    {
        get { lock (_store.Messages) { return [.. _store.Messages.Select(m => m.Message)]; } }
    }

    /// <summary>Each message with the moment this server accepted it (a sender's Date header says when it was written, not when it arrived).</summary>
    public IReadOnlyList<(MimeMessage Message, DateTimeOffset At)> Arrivals
    {
        get { lock (_store.Messages) { return [.. _store.Messages]; } }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public List<(MimeMessage Message, DateTimeOffset At)> Messages { get; } = [];
        public int RefuseNext;
        public int Refused;

        public override async Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref RefuseNext) >= 0)
            {
                Interlocked.Increment(ref Refused);
                return SmtpServer.Protocol.SmtpResponse.TransactionFailed;
            }
            Interlocked.Exchange(ref RefuseNext, 0);
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            lock (Messages) { Messages.Add((message, DateTimeOffset.UtcNow)); }
            return SmtpServer.Protocol.SmtpResponse.Ok;
        }
    }
}
