using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Resolutions.Rules;
using ResolutionWorkflow.Engine.Tests.Support;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>The rules are one type per stage kind and every command has exactly one handler.</summary>
public sealed class RuleBookTests
{
    [Fact]
    public void Every_command_of_the_engine_has_one_rule_and_every_stage_kind_its_rules()
    {
        var engine = typeof(ResolutionCommand).Assembly;
        var commands = engine.GetTypes().Where(t => t.IsSubclassOf(typeof(ResolutionCommand)) && !t.IsAbstract).OrderBy(t => t.Name).ToList();
        var driver = new ResolutionDriver();
        Assert.Equal(commands.Select(t => t.Name), driver.Decider.Commands.Select(t => t.Name).Order());

        var book = new RuleBook(ResolutionDriver.Workflows.Registry!, driver.Calendar);
        Assert.All(Enum.GetValues<StageKind>(), kind => Assert.Equal(kind, book.For(kind).Kind));
    }

    [Fact]
    public void A_command_registered_twice_is_refused_when_the_table_is_made()
    {
        var table = new CommandTable();
        table.On<Nudge>((_, _) => { });
        var e = Assert.Throws<InvalidOperationException>(() => table.On<Nudge>((_, _) => { }));
        Assert.Contains("Nudge", e.Message, StringComparison.Ordinal);
    }
}
