using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResolutionWorkflow.App.Deadlines;
using ResolutionWorkflow.App.Hosting;
using ResolutionWorkflow.App.Notifications;
using ResolutionWorkflow.App.Persistence;

namespace ResolutionWorkflow.Web.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c>: the role, the parts it runs and the checks that
/// decide whether it is ready — the database everywhere, the bus (MassTransit's own check), and on a
/// worker the mail server and its Hangfire server's heartbeat; the trust anchors and revocation lists
/// everywhere, degraded (not failed) while one cannot be read or a list is past its next update.
/// </summary>
public static class NodeHealth
{
    public static void AddNodeHealth(this IServiceCollection services, NodeRole role)
    {
        var checks = services.AddHealthChecks().AddCheck<DatabaseHealth>("database", tags: ["ready"]).AddCheck<TrustHealth>("trust-anchors", tags: ["ready"]);
        if (role.RunsWorker())
        {
            checks.AddCheck<MailHealth>("mail", tags: ["ready"]).AddCheck<SchedulerHealth>("hangfire-server", tags: ["ready"]);
        }
    }

    public static Func<HttpContext, HealthReport, Task> Writer(NodeRole role) => (context, report) =>
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            role = role.Name(),
            runs = role.Parts(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    };

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class DatabaseHealth(IDbContextFactory<ResolutionDbContext> contexts) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                return await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
            }
        }
    }

    /// <summary>Degraded (the node still serves) while a trust anchor or revocation list cannot be read or a list is past its next update.</summary>
    private sealed class TrustHealth(App.Documents.SignatureCheck signatures) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var problems = signatures.Problems();
            return Task.FromResult(problems.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(string.Join("; ", problems.Select(p => $"{signatures.PathInFolder(p)}: {p.Detail}"))));
        }
    }

    private sealed class MailHealth(MailOptions options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (options.Delivery == MailDelivery.Pickup)
            {
                Directory.CreateDirectory(options.PickupFolder!);
                return HealthCheckResult.Healthy($"pickup folder {options.PickupFolder}");
            }
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(options.Smtp.Host, options.Smtp.Port, cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy($"SMTP {options.Smtp.Host}:{options.Smtp.Port}");
            }
            catch (System.Net.Sockets.SocketException e)
            {
                return HealthCheckResult.Unhealthy($"SMTP {options.Smtp.Host}:{options.Smtp.Port}: {e.Message}");
            }
        }
    }

    /// <summary>Ready once this process's Hangfire server has announced itself in the shared storage, and while its heartbeat is fresh.</summary>
    private sealed class SchedulerHealth(JobStorage storage, DeadlineOptions deadlines, TimeProvider time) : IHealthCheck
    {
        private static readonly TimeSpan Stale = TimeSpan.FromMinutes(1);

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var mine = storage.GetMonitoringApi().Servers()
                .Where(s => s.Name.StartsWith(deadlines.Node + ":", StringComparison.Ordinal))
                .Select(s => s.Heartbeat).Max();
            return Task.FromResult(mine switch
            {
                null => HealthCheckResult.Unhealthy($"Hangfire server {deadlines.Node} has not started"),
                var beat when time.GetUtcNow().UtcDateTime - beat.Value > Stale => HealthCheckResult.Unhealthy($"Hangfire server {deadlines.Node}: last heartbeat {beat:O}"),
                _ => HealthCheckResult.Healthy($"Hangfire server {deadlines.Node}"),
            });
        }
    }
}
