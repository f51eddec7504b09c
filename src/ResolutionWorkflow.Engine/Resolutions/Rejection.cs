using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ResolutionWorkflow.Engine.Resolutions;

public enum RejectionCode
{
    InvalidInput,
    UnknownDefinition,
    UnknownResolution,
    AlreadyStarted,
    ResolutionClosed,
    NotPermitted,
    NotYourTask,
    StageClosed,
    StaleTextHash,
    UnknownClause,
    UnknownRemark,
    UnknownTask,
    TaskClosed,
    UnansweredRemarks,
    OpenRemarksBlockSigning,
    UnknownOutcome,
    DeadlinePassed, // no longer given: a late opinion is received and marked late; kept so stored answers still read
    DeadlineNotReached,
    InvalidRegistrationNumber,
    RegistrationRequired,
    AlreadyRecorded,
    NoChange,
    CalendarMissing,
    RegistrationNumberTaken,
    VersionChanged,
    IdempotencyKeyReused,
    ReviewersNotConfirmed,
    DecidedWordingMissing,
}

/// <summary>
/// Why a command was refused: a stable <see cref="Code"/>, the <see cref="Key"/> naming the
/// sentence that explains it, and that sentence's arguments (ids, numbers, words as the input gave
/// them). <see cref="Message"/> is the sentence in English, the API's and the logs' words; pages
/// word the same sentence in the reader's language from the same arguments.
/// </summary>
public sealed record Rejection(RejectionCode Code, string Key, IReadOnlyDictionary<string, string> Args)
{
    private string? _message;

    /// <summary>The English sentence; kept as stored for answers recorded before reasons had names.</summary>
    public string Message
    {
        get => _message ??= Key is null ? "" : RefusalWording.Format(RefusalWording.English.GetValueOrDefault(Key, Key), Args ?? new Dictionary<string, string>());
        init => _message = value;
    }

    public static Rejection Of(RejectionCode code, string key, params (string Name, object? Value)[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!RefusalWording.English.ContainsKey(key)) { throw new ArgumentException($"no wording for the refusal '{key}'", nameof(key)); }
        return new(code, key, args.ToDictionary(a => a.Name, a => a.Value switch
        {
            null => "",
            IEnumerable<string> items => string.Join(RefusalWording.ListSeparator, items),
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString() ?? "",
        }, StringComparer.Ordinal));
    }
}

/// <summary>
/// Every refusal's sentence in English, by key. The arguments in braces are filled from the
/// rejection; a list argument holds its items joined by <see cref="ListSeparator"/>. Other
/// languages keep their own wording of the same keys (the templates' word files).
/// </summary>
public static partial class RefusalWording
{
    public const string ListSeparator = ", ";

    public static readonly FrozenDictionary<string, string> English = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["unstorable"] = "field '{field}' contains {problem}, which cannot be stored",
        ["invalidInput"] = "{problems}",
        ["noActor"] = "the command names no actor",
        ["noIds"] = "the command id and the resolution id must be set",
        ["unknownWord"] = "'{word}' is not a valid {field}; use one of: {words}",
        ["unknownCommand"] = "unknown command {command}",
        ["unknownDefinition"] = "there is no workflow definition '{definition}'",
        ["unknownResolution"] = "resolution {resolution} does not exist",
        ["resolutionClosed"] = "the resolution is {status}; it accepts no more actions",
        ["alreadyStarted"] = "resolution {resolution} already exists",
        ["onlyDrafterStarts"] = "only a drafter can start a resolution",
        ["organisationNotRegistered"] = "organisation '{organisation}' is not in the registry",
        ["unknownRemark"] = "there is no remark {remark}",
        ["remarkSettled"] = "remark {remark} is already settled",
        ["onlyDrafterChangesText"] = "only a drafter of {organisation} can change the text",
        ["textFrozen"] = "the text cannot change during {kind} (stage '{stage}')",
        ["textUnchanged"] = "the text is the same as the current version",
        ["noAttachments"] = "this definition takes no attachments",
        ["cmsRequired"] = "this stage takes a detached CMS signature made by the signer's own tool over the version's content",
        ["cmsOtherVersion"] = "the CMS signature is over other bytes than version {version}'s content",
        ["cmsUnreadable"] = "the file is not a detached CMS (PKCS #7) signature",
        ["cmsSigners"] = "the signature has {count} signers; one is expected",
        ["cmsNoCertificate"] = "the signature does not carry its signer's certificate",
        ["cmsAlgorithm"] = "the signature's algorithm {algorithm} with digest {digest} is not supported (GOST R 34.10-2012 with GOST R 34.11-2012, RSA or ECDSA with SHA-2)",
        ["cmsSignatureInvalid"] = "the signature does not verify over the version's content: it was made over other bytes or is damaged",
        ["cmsSignedInFuture"] = "the signature's signing time {time} is in the future",
        ["cmsCertificateNotValid"] = "the certificate is not valid at the time the signature is checked, or time-stamped (valid from {from} to {to})",
        ["cmsKeyUsage"] = "the certificate's key is not for signing documents",
        ["cmsUntrusted"] = "the certificate (issued by {issuer}) does not chain to a trusted certification authority of the signer's country",
        ["cmsRevoked"] = "the certificate of {subject} was revoked on {date} (revocation list of {issuer}, published {published})",
        ["cmsTimeStampInvalid"] = "the signature's time-stamp does not hold: {reason}",
        ["cmsTimeStampUntrusted"] = "the time-stamp's authority ({authority}) is not a trusted time-stamping authority",
        ["cmsTimeStampBeforeSigning"] = "the signature claims to be made at {time}, after its time-stamp ({stamped})",
        ["cmsNoSubjectRegistered"] = "no certificate subject is registered for the signer's account",
        ["cmsSubjectMismatch"] = "the certificate belongs to {subject}, not to the signer's account ({expected})",
        ["attachmentTooLarge"] = "the file is larger than {max} MB",
        ["attachmentEmpty"] = "the file is empty",
        ["attachmentNotADocument"] = "the file is not a PDF, DOCX, ODT or XLSX document (its content was checked, not its name)",
        ["attachmentTypeMismatch"] = "'{name}' is named as another format than its content, which is {found}",
        ["unknownAttachmentKind"] = "'{attachmentKind}' is not a kind of attachment of this definition (known: {attachmentKinds})",
        ["attachmentName"] = "an attachment needs a file name of at most {max} characters",
        ["attachmentType"] = "'{type}' is not a format an attachment may have (PDF, DOCX, ODT or XLSX)",
        ["attachmentContent"] = "an attachment needs its stored content: a size above zero and its SHA-256",
        ["alreadyAttached"] = "the same document is already attached as '{name}'",
        ["attachmentNotStored"] = "'{name}' has not been uploaded: no stored file has its SHA-256, type and size; upload it first",
        ["tooManyAttachments"] = "a version carries at most {max} attachments",
        ["notAttached"] = "no attachment of the current version has the SHA-256 {sha256}",
        ["unansweredRemarks"] = "answer every remark first; unanswered: {remarks}",
        ["noConciliation"] = "stage '{stage}' has no conciliation",
        ["deemedAgreedIsSystems"] = "'deemed agreed' is recorded by the system at a deadline, not given",
        ["agreeWithoutRemarks"] = "an agreement without remarks cannot carry remarks; use 'agree with remarks'",
        ["remarkRequired"] = "name at least one remark, tied to a clause",
        ["unknownClause"] = "clause '{clause}' does not exist in text version {version} (SHA-256 {hash}…)",
        ["commentTooLong"] = "the comment is longer than {max} characters",
        ["proposedWordingTooLong"] = "the proposed wording is longer than {max} characters",
        ["letterNumberTooLong"] = "the letter number is longer than {max} characters",
        ["unknownOutcome"] = "stage '{stage}' has no outcome '{outcome}'; choose one of: {outcomes}",
        ["alreadyRegistered"] = "already registered as No. {number}/{year}",
        ["registrationNumberPattern"] = "registration number '{number}' does not match the pattern {pattern}",
        ["registrationNumberTaken"] = "registration number {number} is already used in {year}",
        ["registerFirst"] = "register the resolution before recording its publication",
        ["publicationCountry"] = "publication is recorded for {countries}, not '{country}'",
        ["unknownVenue"] = "'{venue}' is not an official publication venue of '{country}'; the registry names: {venues}",
        ["referenceFormat"] = "'{reference}' is not a reference of {venue}: {format}",
        ["publicationRecorded"] = "publication in '{country}' in {venue} is already recorded",
        ["extensionDays"] = "extend by 1 to 366 days",
        ["taskWithoutDeadline"] = "task {task} has no deadline",
        ["reassignToWhom"] = "name the organisation or the person who takes the task",
        ["unknownOrganisation"] = "unknown organisation '{organisation}'",
        ["alreadyAssigned"] = "task {task} is already assigned to {assignee}",
        ["deadlinesBySystem"] = "deadlines are applied by the system",
        ["notDueYet"] = "task {task} is not due yet",
        ["alreadyEscalated"] = "task {task} is already escalated",
        ["openRowsBlockSigning"] = "signing cannot start while rows of the disagreement table are open: {remarks}",
        ["noReviewerPool"] = "definition '{definition}' names its reviewers; none are chosen per draft",
        ["reviewerNotInPool"] = "'{organisation}' is not among the bodies a draft may go to: {pool}",
        ["reviewerMandatory"] = "'{organisation}' is asked on every draft; choose from: {pool}",
        ["reviewerTwice"] = "'{organisation}' is named twice",
        ["reviewersUnchanged"] = "the draft already goes to these bodies",
        ["reviewersChosenBeforeReview"] = "the bodies a draft goes to are chosen while it is drafted or revised (and added to during its review), not at stage '{stage}'",
        ["reviewerAlreadyAsked"] = "{organisation} has already been asked for its opinion: bodies may be added during the review, not taken off",
        ["onlyDrafterProposesReviewers"] = "only a drafter of {organisation} proposes the bodies the draft goes to",
        ["noReviewerProposal"] = "there is no proposal to confirm; name the bodies the draft goes to",
        ["reviewersNotConfirmed"] = "the coordinator has not yet confirmed the bodies proposed for this draft: {organisations}",
        ["meetingFormat"] = "a conciliation meeting meets in person or by videoconference",
        ["meetingDate"] = "the meeting is dated {date}; it can have met from {from} (the conciliation began) until today ({until})",
        ["meetingParticipants"] = "name the organisations that took part in the meeting",
        ["remarkDecidedTwice"] = "row {remark} is decided twice",
        ["drafterReviewsOwn"] = "{organisation} drafted this resolution and does not review its own draft",
        ["conciliationChoice"] = "row {remark}: choose keeping the drafter's wording, accepting the proposed wording or a new wording",
        ["noProposedWording"] = "row {remark} proposes no wording to accept",
        ["wordingNotOneClause"] = "the wording decided on row {remark} must be clause {clause} alone",
        ["decidedClauseGone"] = "clause {clause} of row {remark} is not in text version {version}",
        ["clauseWordedTwice"] = "clause {clause} is given two different wordings (rows {other} and {remark})",
        ["decidedWordingMissing"] = "the text does not carry the wording the conciliation decided for clause(s) {clauses} (rows {remarks})",
        ["openRowsBlockAdoption"] = "the draft cannot go to the Council while rows of the disagreement table are open: {remarks}",
        ["adoptionForm"] = "the Council considers a draft at a meeting or by written poll",
        ["adoptionDatePassed"] = "{date} has passed (today is {today}); place the draft on a coming meeting or poll",
        ["adoptionDateTooFar"] = "{date} is more than a year ahead",
        ["adoptionAlreadyScheduled"] = "the draft is already placed for {date} in this form",
        ["adoptionNotScheduled"] = "place the draft on a meeting's agenda or start a written poll before recording the Council's decision",
        ["adoptionDateInFuture"] = "the decision is dated {date}, after today ({today})",
        ["meetingDateDiffers"] = "the meeting was placed for {meeting}, not {date}; if it moved, place the draft on the agenda again",
        ["pollDateOutside"] = "the written poll ran from {from} to {until}; a decision dated {date} is outside it",
        ["openRowsBlockExamination"] = "the legal examination cannot start while rows of the disagreement table are open: {remarks}",
        ["wrongStage"] = "cannot {action}: the resolution is at stage '{stage}' ({kind})",
        ["yourTaskClosed"] = "your task at stage '{stage}' is already closed ({status})",
        ["noOpenTask"] = "there is no open {kind} task at stage '{stage}'",
        ["notYourTask"] = "this is not your task: it waits for {participants}",
        ["unknownTask"] = "there is no task {task}",
        ["taskClosed"] = "task {task} is already closed ({status})",
        ["onlyCoordinator"] = "only a coordinator can {action}",
        ["foreignText"] = "the text you saw is not a version of this resolution; the current text is version {version} (SHA-256 {hash}…)",
        ["staleText"] = "you saw version {seen}, but the current text is version {version} (SHA-256 {hash}…); read it again",
        ["fieldEmpty"] = "the {field} is empty",
        ["fieldTooLong"] = "the {field} is longer than {max} characters",
        ["calendarMissing"] = "there is no production calendar '{calendar}' for {year}; add workflows/calendars/{calendar}/{year}.json",
        ["versionChanged"] = "the resolution is at version {version}, not {expected}; read it again",
        ["versionNotNamed"] = "If-Match names no version the resolution has (it is at version {version}); read it again",
        ["idempotencyKeyReused"] = "this idempotency key was already used for a different request; use a new key for a new request",
        ["foreignChannel"] = "the channel of {channel} cannot act for another organisation ({organisation})",
        ["foreignReplyAddress"] = "the reply address is not one of {channel}'s own ({channel}.…): {address}",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Arguments a refusal carries beyond those its English sentence shows (the paths of invalid fields, for other languages to name).</summary>
    public static readonly FrozenDictionary<string, string[]> ExtraArguments = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["invalidInput"] = ["fields"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The template with each {name} replaced by its argument; an argument the template lacks is left as it is.</summary>
    public static string Format(string template, IReadOnlyDictionary<string, string> args)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(args);
        return Placeholder().Replace(template, m => args.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>The result of <c>decide</c>: the events to append, or the reason for refusal.</summary>
public abstract record Decision
{
    public sealed record Accepted(IReadOnlyList<ResolutionEvent> Events) : Decision;

    public sealed record Rejected(Rejection Rejection) : Decision;
}
