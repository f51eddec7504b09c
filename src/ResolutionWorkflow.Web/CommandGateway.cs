using MassTransit;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.Web;

/// <summary>Pages and the API send every action over the bus and await the outcome (request/response).</summary>
public sealed class CommandGateway(IServiceProvider services)
{
    public async Task<(CommandAccepted? Accepted, CommandRejected? Rejected)> SendAsync<T>(T command, CancellationToken ct) where T : class, IResolutionCommand
    {
        var client = services.GetRequiredService<IRequestClient<T>>();
        var response = await client.GetResponse<CommandAccepted, CommandRejected>(command, ct, RequestTimeout.After(s: 30)).ConfigureAwait(false);
        return response.Is(out Response<CommandAccepted>? accepted) ? (accepted!.Message, null)
            : response.Is(out Response<CommandRejected>? rejected) ? (null, rejected!.Message)
            : throw new InvalidOperationException("unexpected response");
    }
}
