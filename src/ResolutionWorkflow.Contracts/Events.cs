namespace ResolutionWorkflow.Contracts;

/// <summary>
/// Every journal entry of every resolution, in order per resolution (<see cref="Sequence"/>).
/// <see cref="Data"/> is the entry's canonical JSON; <see cref="Hash"/> lets a party keep its own
/// copy of the chain and check it.
/// </summary>
public sealed record ResolutionJournalled(Guid ResolutionId, long Sequence, string Type, DateTimeOffset At, string ActorUserId, string ActorOrganisation, string Data, string PreviousHash, string Hash);

/// <summary>An organisation is asked for its opinion on a text version, by a due instant.</summary>
public sealed record ReviewRequested(Guid ResolutionId, int TaskNo, string Organisation, string StageId, string Title, int TextVersion, string TextHash, string Text, DateTimeOffset? DueAt,
    IReadOnlyList<AttachedDocument>? Attachments = null);

/// <summary>
/// A document of the version under review. The version's hash covers the text and this manifest;
/// a party fetches the bytes from <see cref="Href"/> (the API, with its own credentials) and checks them against <see cref="Sha256"/>.
/// </summary>
public sealed record AttachedDocument(string Kind, string Name, string MediaType, long Size, string Sha256, string Href)
{
    /// <summary>Where the API serves a version's document.</summary>
    public static string PathOf(Guid resolutionId, int version, string sha256) => $"/api/resolutions/{resolutionId}/versions/{version}/attachments/{sha256}";
}

/// <summary>A resolution moved to another stage.</summary>
public sealed record StageChanged(Guid ResolutionId, string FromStageId, string Outcome, string ToStageId, DateTimeOffset At);

/// <summary>An opinion was recorded (including one deemed given by silence at a deadline).</summary>
public sealed record OpinionGiven(Guid ResolutionId, string StageId, string Organisation, string Opinion, int TextVersion, DateTimeOffset At);

/// <summary>A command sent on a party's channel was answered; sent to that party's own events exchange.</summary>
public sealed record PartyCommandAnswered(Guid CommandId, Guid ResolutionId, bool Accepted, string? Code, string? Reason);
