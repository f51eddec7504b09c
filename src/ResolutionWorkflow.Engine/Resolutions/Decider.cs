using ResolutionWorkflow.Engine.Deadlines;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Journal;
using ResolutionWorkflow.Engine.Registry;
using ResolutionWorkflow.Engine.Resolutions.Rules;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Resolutions;

/// <summary>
/// <c>decide(definition, state, command, now)</c>: the events a command produces, or a typed
/// rejection. Pure: everything it needs comes in through the arguments and the constructor,
/// and nothing is changed when a command is refused. The rules live in <c>Rules/</c>, one type per
/// stage kind (its commands, the tasks it opens, what its deadlines do) and two for what applies at
/// any stage (text versions; coordinators and deadlines).
/// </summary>
public sealed class Decider(WorkflowCatalog catalog, OrganisationRegistry registry, IDueDateCalculator dueDates)
{
    private readonly RuleBook _rules = new(registry, dueDates);

    public const int MaxTextLength = 1_000_000;
    public const int MaxNoteLength = 10_000;

    /// <summary>The longest wording a conciliation decision may give one clause.</summary>
    public const int MaxWordingLength = 100_000;

    /// <summary>Every command type the engine answers.</summary>
    public IEnumerable<Type> Commands => _rules.Commands.Commands;

    public Decision Decide(ResolutionState? state, ResolutionCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Instants enter the journal's hashes: cut to the precision every database keeps.
        now = Instants.Canonical(now);
        if (StorableText.FirstProblem(command) is var (field, problem))
        {
            return new Decision.Rejected(Rejection.Of(RejectionCode.InvalidInput, "unstorable", ("field", field), ("problem", problem)));
        }
        try
        {
            var definition = command is StartResolution start
                ? catalog.Latest(start.DefinitionId) ?? throw DecisionRun.Refuse(RejectionCode.UnknownDefinition, "unknownDefinition", ("definition", start.DefinitionId))
                : state is null
                    ? throw DecisionRun.Refuse(RejectionCode.UnknownResolution, "unknownResolution", ("resolution", command.ResolutionId))
                    : catalog.Find(state.DefinitionId, state.DefinitionVersion)
                        ?? throw new InvalidOperationException($"definition {state.DefinitionId} v{state.DefinitionVersion} is not deployed");
            // An adopted act is still published where it has not been yet (a gazette prints it weeks after the portal).
            if (state is not null && command is not StartResolution && state.Status != ResolutionStatus.Active
                && !(command is RecordPublication && state.Status == ResolutionStatus.Adopted))
            {
                throw DecisionRun.Refuse(RejectionCode.ResolutionClosed, "resolutionClosed", ("status", state.Status.ToString().ToLowerInvariant()));
            }
            var run = new DecisionRun(_rules, definition, state, command.Actor, now);
            _rules.Commands.Handle(run, command);
            return new Decision.Accepted(run.Events);
        }
        catch (RejectedException e)
        {
            return new Decision.Rejected(e.Rejection);
        }
        catch (CalendarMissingException e)
        {
            // Never a guessed date: the command waits until an administrator adds the year.
            return new Decision.Rejected(Rejection.Of(RejectionCode.CalendarMissing, "calendarMissing", ("calendar", e.Calendar), ("year", e.Year)));
        }
    }
}
