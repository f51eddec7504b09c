using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using ResolutionWorkflow.Contracts;

namespace ResolutionWorkflow.PartySystem;

/// <summary>
/// How a party system connects: its own RabbitMQ user (created by infra/rabbitmq-party.sh) may
/// only touch entities named "{org}.…". It receives on queue {org}.events and sends commands to
/// exchange {org}.commands; the application takes the organisation from that channel.
///
/// Answers come from a folder: {resolutionId}.json holding
/// {"opinion": "agree" | "agreeWithRemarks" | "disagree", "remarks": [{"clause": "3", "text": "…"}]};
/// with --agree every request without a file is agreed.
/// </summary>
public static class PartySystem
{
    public const string Usage = """
        usage: party-system --org <organisation> --rabbit amqp://user:password@host:5672/vhost [--answers <folder>] [--agree] [--once]
        """;

    private sealed record Answer(string Opinion, List<RemarkOnClause>? Remarks, string? Comment);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? org = null, rabbit = null, answers = null;
        bool agree = false, once = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--org" when i + 1 < args.Length: org = args[++i]; break;
                case "--rabbit" when i + 1 < args.Length: rabbit = args[++i]; break;
                case "--answers" when i + 1 < args.Length: answers = args[++i]; break;
                case "--agree": agree = true; break;
                case "--once": once = true; break;
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        if (org is null || rabbit is null || !Uri.TryCreate(rabbit, UriKind.Absolute, out var uri))
        {
            error.WriteLine(Usage);
            return 2;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(uri.UserInfo.Split(':').ElementAtOrDefault(1) ?? "");
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), uri.AbsolutePath.Length > 1 ? Uri.UnescapeDataString(uri.AbsolutePath[1..]) : "/", h =>
            {
                h.Username(user);
                h.Password(password);
            });
            // Every entity this process declares carries the organisation's prefix: that is all its user may touch.
            cfg.OverrideDefaultBusEndpointQueueName($"{org}.bus-{Environment.ProcessId}");
            cfg.ReceiveEndpoint($"{org}.events", e =>
            {
                e.ConfigureConsumeTopology = false;
                e.Handler<ReviewRequested>(async context =>
                {
                    var request = context.Message;
                    output.WriteLine($"review-requested {request.ResolutionId} task {request.TaskNo} text v{request.TextVersion} due {request.DueAt:yyyy-MM-dd HH:mm}");
                    if (Sha256(request.Text) != request.TextHash)
                    {
                        output.WriteLine($"refusing to answer {request.ResolutionId}: the text does not match its hash");
                        return;
                    }
                    var answer = ReadAnswer(answers, request.ResolutionId) ?? (agree ? new Answer("agree", null, null) : null);
                    if (answer is null)
                    {
                        output.WriteLine($"no answer for {request.ResolutionId} yet; put {request.ResolutionId}.json in the answers folder");
                        return;
                    }
                    var command = new GiveOpinion(NewId.NextGuid(), request.ResolutionId, new ActorRef("document-system", org, ["officer"]),
                        request.TextHash, answer.Opinion, answer.Remarks ?? [], answer.Comment);
                    var commands = await context.GetSendEndpoint(new Uri($"exchange:{org}.commands")).ConfigureAwait(false);
                    await commands.Send(command).ConfigureAwait(false);
                    output.WriteLine($"sent {answer.Opinion} as {command.CommandId}");
                });
                e.Handler<PartyCommandAnswered>(context =>
                {
                    var a = context.Message;
                    output.WriteLine(a.Accepted ? $"answered {a.CommandId} accepted" : $"answered {a.CommandId} rejected {a.Code}: {a.Reason}");
                    // --once (for tests and demos): stop after the first accepted answer; a stale request from an earlier run is rejected and skipped.
                    if (once && a.Accepted) { done.TrySetResult(); }
                    return Task.CompletedTask;
                });
            });
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(timeout.Token).ConfigureAwait(false);
        output.WriteLine($"listening on {org}.events");
        try
        {
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
            await done.Task.ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static Answer? ReadAnswer(string? folder, Guid resolutionId)
    {
        var file = folder is null ? null : Path.Combine(folder, $"{resolutionId}.json");
        return file is not null && File.Exists(file) ? JsonSerializer.Deserialize<Answer>(File.ReadAllText(file), Json) : null;
    }

    /// <summary>The text arrives normalised; its SHA-256 must equal the hash the opinion will carry.</summary>
    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
