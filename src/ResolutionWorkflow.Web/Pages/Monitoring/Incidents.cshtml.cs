using MassTransit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Web.Localization;

namespace ResolutionWorkflow.Web.Pages.Monitoring;

/// <summary>Commands that failed five times; a retry resends the same command id, so it applies at most once.</summary>
[Authorize(Roles = "coordinator,administrator")]
public sealed class IncidentsModel(IncidentLog incidents, PartyRefusals refusals, ISendEndpointProvider bus, MessagingOptions messaging, App.Localization.Names names,
    App.Documents.SignatureCheck signatures) : PageModel
{
    /// <summary>Trust anchors and revocation lists that cannot be read, and lists past their next update.</summary>
    public IReadOnlyList<App.Documents.TrustProblem> Trust { get; private set; } = [];

    /// <summary>A trust file as the operator finds it: its path under the trust folder.</summary>
    public string FileOf(App.Documents.TrustProblem problem) => signatures.PathInFolder(problem);

    /// <summary>What is wrong with a trust file, in the reader's language.</summary>
    public string Describe(App.Documents.TrustProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Kind == App.Documents.TrustProblem.Stale)
        {
            return $"{HttpContext.T("The revocation list was due to be replaced on")} {UserClock.Format(HttpContext, problem.NextUpdate!.Value)}; {HttpContext.T("it is still applied")}";
        }
        return HttpContext.T(problem.File.EndsWith(".crl", StringComparison.Ordinal) ? "Not a readable revocation list; left out" : "Not a readable certificate; left out");
    }

    /// <summary>Why a party's message was refused, in the reader's language (in English as recorded, when its arguments were not kept).</summary>
    public string Why(PartyRefusalRow refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var args = refusal.ReasonArgs is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(refusal.ReasonArgs);
        return names.Refusal(Text.Language(HttpContext), refusal.ReasonKey, args, refusal.Reason);
    }

    public IReadOnlyList<IncidentRow> Open { get; private set; } = [];

    /// <summary>Messages party systems sent that were refused, newest first.</summary>
    public IReadOnlyList<PartyRefusalRow> Refused { get; private set; } = [];

    /// <summary>The entry a broken journal breaks at, as the recurring check recorded it (its English diagnosis stays in the log).</summary>
    public static long BrokenAt(IncidentRow incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        using var payload = System.Text.Json.JsonDocument.Parse(incident.Payload);
        return payload.RootElement.GetProperty("entry").GetInt64();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Open = await incidents.OpenAsync(ct).ConfigureAwait(false);
        Refused = await refusals.LatestAsync(50, ct).ConfigureAwait(false);
        Trust = signatures.Problems();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var retried = await incidents.RetryAsync(id, User.Identity!.Name!, bus, new Uri($"queue:{messaging.CommandQueue}"), ct).ConfigureAwait(false);
        TempData["Message"] = HttpContext.T(retried ? "Done." : "Refused:");
        TempData["Failed"] = !retried;
        return Redirect("/incidents");
    }

    /// <summary>A broken journal has nothing to retry: once its cause is dealt with, a coordinator closes it.</summary>
    public async Task<IActionResult> OnPostCloseAsync(long id, CancellationToken ct)
    {
        var closed = await incidents.CloseAsync(id, User.Identity!.Name!, ct).ConfigureAwait(false);
        TempData["Message"] = HttpContext.T(closed ? "Done." : "Refused:");
        TempData["Failed"] = !closed;
        return Redirect("/incidents");
    }
}
