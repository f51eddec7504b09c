using MassTransit;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.Web;

/// <summary>Pages and the API send every action over the bus and await the outcome (request/response).</summary>
public sealed class CommandGateway(IServiceProvider services)
{
    private static readonly System.Reflection.MethodInfo Typed = typeof(CommandGateway).GetMethod(nameof(SendAsync), 1, [Type.MakeGenericMethodParameter(0), typeof(CancellationToken)])!;

    /// <summary>Sends a command whose type is known only at run time (the API's routes build them).</summary>
    public Task<(CommandAccepted? Accepted, CommandRejected? Rejected)> SendAnyAsync(IResolutionCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Request clients are typed by message; the runtime type picks the right one.
        return (Task<(CommandAccepted?, CommandRejected?)>)Typed.MakeGenericMethod(command.GetType()).Invoke(this, [command, ct])!;
    }

    public async Task<(CommandAccepted? Accepted, CommandRejected? Rejected)> SendAsync<T>(T command, CancellationToken ct) where T : class, IResolutionCommand
    {
        var client = services.GetRequiredService<IRequestClient<T>>();
        var response = await client.GetResponse<CommandAccepted, CommandRejected>(command, ct, RequestTimeout.After(s: 30)).ConfigureAwait(false);
        return response.Is(out Response<CommandAccepted>? accepted) ? (accepted!.Message, null)
            : response.Is(out Response<CommandRejected>? rejected) ? (null, rejected!.Message)
            : throw new InvalidOperationException("unexpected response");
    }
}
