using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using ResolutionWorkflow.App.Persistence;
using OpenTelemetry.Trace;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Telemetry;

/// <summary>
/// With telemetry on (and the in-memory exporter in place of OTLP), the opinion that completes a
/// review is one connected trace: the HTTP request, the bus's send and consume, the command's
/// commit, the outbox relay's publication, the notification consumer, the Hangfire job and the mail.
/// </summary>
[Collection(WebAppTests.Name)]
public sealed class TracingTests
{
    private const string Text = "Совет Министров Союзного государства постановляет:\n\n1. Первый пункт.\n2. Второй пункт.";
    private static readonly string[] Reviewers = ["by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust"];

    private sealed class TracedApp(List<Activity> spans, List<Metric> metrics) : WebApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Settings["Telemetry:Enabled"] = "true";
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
                s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
            });
        }
    }

    [Fact]
    public async Task The_opinion_that_completes_a_review_is_one_connected_trace_from_the_request_to_the_mail()
    {
        var spans = new List<Activity>();
        await using var app = new TracedApp(spans, []);
        var drafter = await app.ClientFor("drafter");
        var created = await (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Трассировка", text = Text })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("resolutionId").GetGuid();
        var submitted = await drafter.PostAsJsonAsync($"/api/resolutions/{id}/submit", new { seenTextHash = created.GetProperty("textHash").GetString() });
        var hash = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("textHash").GetString();
        foreach (var reviewer in Reviewers[..^1])
        {
            Assert.Equal(HttpStatusCode.OK, (await (await app.ClientFor($"officer.{reviewer}")).PostAsJsonAsync($"/api/resolutions/{id}/opinions", new { seenTextHash = hash, opinion = "agree" })).StatusCode);
        }

        // The last opinion comes with the caller's own trace context, as from a party's gateway.
        var trace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var last = await app.ClientFor($"officer.{Reviewers[^1]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/resolutions/{id}/opinions") { Content = JsonContent.Create(new { seenTextHash = hash, opinion = "agree" }) };
        request.Headers.Add("traceparent", $"00-{trace}-{callerSpan}-01");
        Assert.Equal(HttpStatusCode.OK, (await last.SendAsync(request)).StatusCode);

        // The legal bodies' mails are sent by jobs a little later. A span is exported when it ends, so a
        // child can be seen before its parent: wait until a mail went out and every parent has ended.
        List<Activity> traced = [];
        bool Settled() => traced.Any(s => s.DisplayName == "mail send")
            && traced.All(s => s.ParentSpanId == callerSpan || traced.Any(p => p.SpanId == s.ParentSpanId));
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Settled())
        {
            Assert.True(DateTime.UtcNow < until, $"in 60 s the trace had no 'mail send' span or a span whose parent never ended; it has: {string.Join(", ", traced.Select(s => s.DisplayName))}");
            await Task.Delay(250);
            lock (spans) { traced = [.. spans.Where(s => s.TraceId == trace)]; }
        }

        var names = traced.Select(s => s.DisplayName).ToList();
        Assert.Contains(traced, s => s.Kind == ActivityKind.Server && s.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(traced, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);
        Assert.Contains("command RecordOpinion", names);
        Assert.Contains("outbox publish", names);
        Assert.Contains(names, n => n.StartsWith("job NotificationJob.", StringComparison.Ordinal));
        Assert.Contains("mail send", names);

        // Connected: every span's parent is in the trace (or is the caller's span), and the mail leads back to the request.
        var byId = traced.ToDictionary(s => s.SpanId);
        Assert.All(traced, s => Assert.True(s.ParentSpanId == callerSpan || byId.ContainsKey(s.ParentSpanId), $"{s.DisplayName} has a parent outside the trace"));
        var chain = new List<string>();
        for (var s = traced.First(x => x.DisplayName == "mail send"); ; s = byId[s.ParentSpanId])
        {
            chain.Add(s.DisplayName);
            if (s.ParentSpanId == callerSpan) { break; }
        }
        Assert.Equal(ActivityKind.Server, traced.Single(s => s.DisplayName == chain[^1]).Kind);
        Assert.Contains("outbox publish", chain);
        Assert.Contains("command RecordOpinion", chain);
    }

    [Fact]
    public async Task Commands_are_counted_by_outcome_and_code_and_commits_by_group_size()
    {
        var metrics = new List<Metric>();
        await using var app = new TracedApp([], metrics);
        var drafter = await app.ClientFor("drafter");
        Assert.Equal(HttpStatusCode.Created, (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "council-of-ministers-resolution", title = "Счёт", text = Text })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await drafter.PostAsJsonAsync("/api/resolutions", new { definitionId = "no-such-definition", title = "Счёт", text = Text })).StatusCode);

        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var commands = metrics.Where(m => m.Name == "rw.commands").SelectMany(Points).ToList();
        Assert.Contains(commands, p => Tag(p, "command") == "StartResolution" && Tag(p, "outcome") == "accepted" && p.GetSumLong() >= 1);
        Assert.Contains(commands, p => Tag(p, "command") == "StartResolution" && Tag(p, "outcome") == "rejected" && Tag(p, "code") == "UnknownDefinition" && p.GetSumLong() == 1);
        Assert.Contains(metrics, m => m.Name == "rw.commit.group_size" && Points(m).Any(p => p.GetHistogramCount() >= 1));

        // The operator's gauges, counted from the database (the demo has overdue tasks).
        await app.Services.GetServices<IHostedService>().OfType<App.Telemetry.OperationalGauges>().Single().SampleAsync(CancellationToken.None);
        metrics.Clear();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ResolutionDbContext>>().CreateDbContextAsync();
        var open = await db.Tasks.CountAsync(t => t.Status == "open");
        Assert.Equal(open, metrics.Where(m => m.Name == "rw.tasks.open").SelectMany(Points).Sum(p => p.GetGaugeLastValueLong()));
        Assert.Contains(metrics.Where(m => m.Name == "rw.tasks.overdue").SelectMany(Points), p => p.GetGaugeLastValueLong() > 0 && Tag(p, "country") is "by" or "ru" or "su");
        Assert.Contains(metrics, m => m.Name == "rw.outbox.lag");
        Assert.Contains(metrics, m => m.Name == "rw.incidents.open");
    }

    [Fact]
    public async Task Without_configuration_nothing_is_recorded()
    {
        await using var app = new WebApp();
        _ = app.Server;
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        foreach (ref readonly var p in metric.GetMetricPoints()) { yield return p; }
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags) { if (tag.Key == key) { return tag.Value?.ToString(); } }
        return null;
    }
}
