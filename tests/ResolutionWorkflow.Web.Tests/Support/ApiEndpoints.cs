namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>One API endpoint: its route (with <c>{id}</c> for the resolution), a well-formed body and the users it admits.</summary>
public sealed record ApiEndpoint(string Method, string Route, string? Body, params string[] Admits)
{
    public string PathFor(Guid id) => Route.Replace("{id}", id.ToString(), StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Route}";
}

/// <summary>Every endpoint of the API, for the anonymous, role-matrix, bad-input and OpenAPI tests.</summary>
public static class ApiEndpoints
{
    private const string Zeros = "0000000000000000000000000000000000000000000000000000000000000000";

    public const string Text = "Совет Министров Союзного государства постановляет:\n\n1. Первый пункт.\n2. Второй пункт.\n3. Третий пункт.";

    /// <summary>The demo users, one per role (the administrator is also a coordinator).</summary>
    public static readonly string[] Users = ["officer.by-minfin", "drafter", "coordinator", "pm.by", "chairman", "registrar", "admin"];

    private static readonly string[] Everyone = Users;
    private static readonly string[] Coordinators = ["coordinator", "admin"];

    public static readonly ApiEndpoint[] All =
    [
        new("GET", "/api/inbox", null, Everyone),
        new("GET", "/api/resolutions", null, Everyone),
        new("GET", "/api/resolutions/{id}", null, Everyone),
        new("GET", "/api/resolutions/{id}/journal/verification", null, Coordinators),
        new("POST", "/api/resolutions", """{ "definitionId": "council-of-ministers-resolution", "title": "Матрица", "text": "1. Пункт." }""", "drafter"),
        new("POST", "/api/resolutions/{id}/reviewers", """{ "organisations": ["ru-fsb"] }""", "drafter"),
        new("POST", "/api/resolutions/{id}/reviewers/confirmation", """{ "organisations": ["ru-fsb"], "reason": "касается пограничной деятельности" }""", Coordinators),
        new("POST", "/api/resolutions/{id}/submit", """{ "seenTextHash": "0000000000000000000000000000000000000000000000000000000000000000" }""", "drafter"),
        new("POST", "/api/resolutions/{id}/opinions", """{ "seenTextHash": "0000000000000000000000000000000000000000000000000000000000000000", "opinion": "agree" }""", "officer.by-minfin"),
        new("POST", "/api/resolutions/{id}/remarks/1/answer", """{ "answer": "accepted", "reason": "учтено" }""", "drafter"),
        new("POST", "/api/resolutions/{id}/versions", """{ "text": "1. Пункт.", "note": null }""", "drafter"),
        new("POST", "/api/resolutions/{id}/resubmit", null, "drafter"),
        // The body is the file itself; this one names no file, so every bad-body variant is refused too.
        new("POST", "/api/resolutions/{id}/attachments?kind=annex", """{ "file": "not a document" }""", "drafter"),
        new("DELETE", $"/api/resolutions/{{id}}/attachments/{Zeros}", null, "drafter"),
        new("GET", $"/api/resolutions/{{id}}/versions/1/attachments/{Zeros}", null, Everyone),
        new("GET", "/api/resolutions/{id}/versions/1/content", null, Everyone),
        new("GET", "/api/resolutions/{id}/documents/act.pdf", null, Everyone),
        new("GET", "/api/resolutions/{id}/package", null, Everyone),
        new("POST", "/api/resolutions/{id}/conciliation", """{ "reason": "разногласия" }""", "drafter"),
        new("POST", "/api/resolutions/{id}/decision", """{ "outcome": "approve", "reason": "решено", "decisions": [] }""", Coordinators),
        new("POST", "/api/resolutions/{id}/meeting", """{ "date": "2026-11-02", "format": "inPerson", "place": "Москва", "participants": ["by-minfin", "ru-minjust"], "protocol": "1", "minutes": "Протокол.", "decisions": [{ "remarkNo": 1, "choice": "keepDrafterWording" }], "returnToDrafter": false, "minutesFile": { "name": "Протокол.pdf", "mediaType": "application/pdf", "size": 100, "sha256": "0000000000000000000000000000000000000000000000000000000000000000" } }""", Coordinators),
        new("POST", "/api/resolutions/{id}/meeting/minutes-file", """{ "file": "not a document" }""", Coordinators),
        new("GET", $"/api/resolutions/{{id}}/meeting/minutes-file/{Zeros}", null, Everyone),
        new("POST", "/api/resolutions/{id}/agreed-text", $$"""{ "seenTextHash": "{{Zeros}}", "note": "по протоколу № 1" }""", Coordinators),
        new("POST", "/api/resolutions/{id}/minutes/answer", """{ "confirm": false, "reason": "особое мнение" }""", "officer.by-minfin"),
        new("POST", "/api/resolutions/{id}/agenda", """{ "form": "meeting", "date": "2026-11-02", "place": "Москва" }""", Coordinators),
        new("POST", "/api/resolutions/{id}/adoption", """{ "outcome": "adopted", "date": "2026-11-02", "protocol": "1" }""", Coordinators),
        new("POST", "/api/resolutions/{id}/signature", """{ "seenTextHash": "0000000000000000000000000000000000000000000000000000000000000000" }""", "pm.by", "chairman"),
        new("POST", "/api/resolutions/{id}/decline", """{ "reason": "нет" }""", "pm.by", "chairman"),
        new("POST", "/api/resolutions/{id}/registration", """{ "number": "5" }""", "registrar"),
        new("POST", "/api/resolutions/{id}/publications", """{ "country": "by", "portal": "by-pravo", "reference": "https://pravo.by/document/?guid=1", "publishedOn": "2026-11-02" }""", "registrar"),
        new("POST", "/api/resolutions/{id}/withdrawal", """{ "reason": "не актуально" }""", Coordinators),
        new("POST", "/api/resolutions/{id}/tasks/1/extension", """{ "days": 2, "unit": "working", "reason": "просьба" }""", Coordinators),
        new("POST", "/api/resolutions/{id}/tasks/1/nudge", """{ "reason": "напомнить" }""", Coordinators),
        new("POST", "/api/resolutions/{id}/tasks/1/assignee", """{ "organisation": "by-minfin", "userId": null, "reason": "передать" }""", Coordinators),
    ];
}
