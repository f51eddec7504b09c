using System.Globalization;
using ResolutionWorkflow.Contracts;
using Decider = ResolutionWorkflow.Engine.Resolutions.Decider;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.App.Messaging;

/// <summary>One field of a command that is not acceptable, by its JSON path in the request body.</summary>
public sealed record InputProblem(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}

/// <summary>
/// Checks a command message as a whole before it becomes an engine command: every field, at any
/// depth, with its JSON path — nulls where a value is needed (items of lists included), empty or
/// over-long text, text no database can store, words outside their set, numbers and dates out of
/// range. The API answers the list as a 400; a party system's message gets it as a typed rejection.
/// The engine still checks what needs the resolution's state (which clause exists, whose task it is).
/// </summary>
public static class CommandInput
{
    public const int MaxTitle = 1000, MaxWord = 100, MaxUserId = 150, MaxReference = 500, MaxRegistrationNumber = 50, MaxClause = 50;
    public const int MaxItems = 1000, MaxExtensionDays = 366, MaxProblems = 50, MaxPlace = 500, MaxProtocol = 100, MaxMinutes = 100_000;

    /// <summary>The first publication a Union State act can have had: the Treaty creating the Union State is of 8 December 1999.</summary>
    public static readonly DateOnly EarliestPublication = new(1999, 12, 8);

    /// <summary>The words a person may send (a deemed opinion is the engine's, at a deadline).</summary>
    public static readonly IReadOnlyList<string> Opinions = ["agree", "agreeWithRemarks", "disagree"], Answers = ["accepted", "partlyAccepted", "rejected"], Units = ["working", "calendar"],
        AdoptionForms = ["meeting", "writtenPoll"], MeetingFormats = ["inPerson", "videoconference"],
        WordingChoices = ["keepDrafterWording", "acceptProposedWording", "newWording"];

    public static IReadOnlyList<InputProblem> Problems(IResolutionCommand? message, DateOnly today)
    {
        var check = new InputChecker();
        if (message is null) { return [new InputProblem("$", "a command is required")]; }
        if (message.Actor is { } actor)
        {
            // Set by the application from the signed-in user; a party system may name its own official.
            check.Text(actor.UserId, "$.actor.userId", MaxUserId);
            check.Optional(actor.Organisation, "$.actor.organisation", MaxWord);
        }
        if (message.ExpectedVersion is < 0) { check.Add("$.expectedVersion", "must be 0 or more"); }
        if (CommandCatalog.Find(message.GetType()) is { } entry) { entry.Check(message, check, today); }
        else { check.Add("$", $"{message.GetType().Name} is not a command of this application"); }
        return check.Found;
    }

    /// <summary>The refusal of a command whose input is not acceptable, in one sentence listing each field.</summary>
    public static string Describe(IReadOnlyList<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return (problems.Count == 1 ? "a field is not valid: " : $"{problems.Count} fields are not valid: ") + string.Join("; ", problems);
    }
}

/// <summary>Collects the problems of a message's fields, each by its JSON path (at most <see cref="CommandInput.MaxProblems"/>).</summary>
public sealed class InputChecker
{
    public List<InputProblem> Found { get; } = [];

    public void Add(string path, string problem)
    {
        if (Found.Count < CommandInput.MaxProblems) { Found.Add(new InputProblem(path, problem)); }
    }

    public void Text(string? value, string path, int max)
    {
        if (value is null) { Add(path, "is required"); }
        else if (string.IsNullOrWhiteSpace(value)) { Add(path, "is empty"); }
        else { Bounded(value, path, max); }
    }

    public void Optional(string? value, string path, int max)
    {
        if (value is not null) { Bounded(value, path, max); }
    }

    private void Bounded(string value, string path, int max)
    {
        if (value.Length > max) { Add(path, string.Create(CultureInfo.InvariantCulture, $"is longer than {max} characters ({value.Length})")); }
        else if (StorableText.Problem(value) is { } problem) { Add(path, $"contains {problem}, which cannot be stored"); }
    }

    public void Hash(string? value, string path)
    {
        if (value is null) { Add(path, "is required"); }
        else if (value.Length != 64 || !value.All(char.IsAsciiHexDigitLower)) { Add(path, "must be the text's SHA-256 as 64 lowercase hexadecimal characters, as the API returned it"); }
    }

    public void Word(string? value, string path, IReadOnlyList<string> words)
    {
        if (value is null) { Add(path, $"is required: one of {string.Join(", ", words)}"); }
        else if (!words.Contains(value, StringComparer.OrdinalIgnoreCase)) { Add(path, value.Length > CommandInput.MaxWord ? $"is not one of {string.Join(", ", words)}" : $"'{value}' is not one of {string.Join(", ", words)}"); }
    }

    public void Number(int value, string path, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(path, max == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"must be {min} or more")
                : string.Create(CultureInfo.InvariantCulture, $"must be from {min} to {max}"));
        }
    }

    /// <summary>A day of the Union State's life: not before it existed.</summary>
    public void Day(DateOnly day, string path)
    {
        if (day < CommandInput.EarliestPublication) { Add(path, $"is before the Union State existed ({CommandInput.EarliestPublication:yyyy-MM-dd})"); }
    }

    /// <summary>A day that has come: as <see cref="Day"/>, and not in the future (a day ahead allowed: the Moscow or Minsk date may already be tomorrow's in UTC).</summary>
    public void PastDay(DateOnly day, string path, DateOnly today)
    {
        if (day > today.AddDays(1)) { Add(path, $"is in the future (today is {today:yyyy-MM-dd})"); }
        Day(day, path);
    }

    public void Items<T>(IReadOnlyList<T>? items, string path, Action<T, string> each) where T : class
    {
        if (items is null) { return; }
        if (items.Count > CommandInput.MaxItems) { Add(path, string.Create(CultureInfo.InvariantCulture, $"has more than {CommandInput.MaxItems} items ({items.Count})")); return; }
        for (var i = 0; i < items.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (items[i] is { } item) { each(item, at); } else { Add(at, "is null"); }
        }
    }
}
