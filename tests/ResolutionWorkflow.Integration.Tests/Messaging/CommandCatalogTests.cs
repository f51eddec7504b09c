using ResolutionWorkflow.App.Messaging;
using ResolutionWorkflow.Contracts;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Messaging;

/// <summary>Every command message is in the catalogue once, becomes a command the engine has a rule for, and nothing else is accepted.</summary>
public sealed class CommandCatalogTests
{
    [Fact]
    public void Every_contract_command_has_one_entry_whose_engine_command_has_a_rule()
    {
        var messages = typeof(IResolutionCommand).Assembly.GetTypes()
            .Where(t => typeof(IResolutionCommand).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface).Select(t => t.Name).Order().ToList();
        Assert.Equal(messages, CommandCatalog.All.Select(e => e.Message.Name).Order());

        var workflows = Engine.Definitions.WorkflowDirectory.Load(Repository.Workflows);
        var decider = new Decider(workflows.Catalog, workflows.Registry!, workflows.Calendars);
        var ruled = decider.Commands.ToHashSet();
        var actor = new ActorRef("someone", "by-minfin", ["officer"]);
        foreach (var entry in CommandCatalog.All)
        {
            var message = Sample(entry.Message, actor);
            var (command, rejection) = CommandMapper.ToEngine(message);
            Assert.True(rejection is null, $"{entry.Message.Name}: {rejection?.Message}");
            Assert.Contains(command!.GetType(), ruled);
            Assert.Equal(message.CommandId, command.CommandId);
            Assert.Equal(message.ResolutionId, command.ResolutionId);
            Assert.Equal("someone", command.Actor.UserId);
        }
    }

    [Fact]
    public void A_message_type_outside_the_catalogue_is_refused_by_input_and_by_mapping()
    {
        var stranger = new Stranger(Guid.NewGuid(), Guid.NewGuid(), new ActorRef("someone", "by-minfin", ["officer"]));
        var problem = Assert.Single(CommandInput.Problems(stranger, new DateOnly(2026, 11, 30)));
        Assert.Equal("$", problem.Path);
        var (command, rejection) = CommandMapper.ToEngine(stranger);
        Assert.Null(command);
        Assert.Equal("unknownCommand", rejection!.Key);
    }

    private sealed record Stranger(Guid CommandId, Guid ResolutionId, ActorRef Actor) : CommandMessage(CommandId, ResolutionId, Actor);

    /// <summary>A message of the type with valid words and values in every field.</summary>
    private static IResolutionCommand Sample(Type type, ActorRef actor)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = constructor.GetParameters().Select(p => p.Name switch
        {
            "CommandId" or "ResolutionId" => Guid.NewGuid(),
            "Actor" => actor,
            "Opinion" => "agree",
            "Answer" => "accepted",
            "Unit" => "working",
            "Form" => "meeting",
            "Format" => "inPerson",
            _ => p.ParameterType == typeof(string) ? "x" : p.ParameterType == typeof(int) ? 1 : p.ParameterType == typeof(DateOnly) ? new DateOnly(2026, 11, 30)
                : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null,
        }).ToArray();
        return (IResolutionCommand)constructor.Invoke(args);
    }
}
