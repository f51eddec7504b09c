using System.Collections.Immutable;
using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Tests.Texts;

public sealed class StorableTextTests
{
    [Theory]
    [InlineData("Постановление № 9 от 29 марта 2023 г.\n\t1. Пункт.\r\n")]
    [InlineData("Emoji and CJK stay: 😀 中文")]
    [InlineData("")]
    public void Ordinary_text_with_tabs_and_line_breaks_is_storable(string text) => Assert.Null(StorableText.Problem(text));

    [Theory]
    [InlineData(0x0000, "a NUL character (U+0000) at position 4")]
    [InlineData(0x0008, "a control character (U+0008) at position 4")]
    [InlineData(0x007F, "a control character (U+007F) at position 4")]
    [InlineData(0x0085, "a control character (U+0085) at position 4")]
    [InlineData(0xFFFF, "a control character (U+FFFF) at position 4")]
    [InlineData(0xD800, "an unpaired surrogate (U+D800) at position 4")]
    [InlineData(0xDC00, "an unpaired surrogate (U+DC00) at position 4")]
    public void A_character_some_database_cannot_keep_is_named_with_its_position(int code, string problem) =>
        Assert.Equal(problem, StorableText.Problem("abc" + (char)code + "def"));

    [Fact]
    public void A_surrogate_at_the_very_end_is_unpaired() =>
        Assert.Equal("an unpaired surrogate (U+D83D) at position 3", StorableText.Problem("ab\uD83D"));

    [Fact]
    public void The_first_bad_field_of_a_command_is_named_as_a_json_body_names_it()
    {
        var command = new RecordOpinion("hash", OpinionKind.Disagree, [new RemarkInput("1", "ок"), new RemarkInput("2", "плохо\0")])
        {
            CommandId = Guid.NewGuid(), ResolutionId = Guid.NewGuid(), Actor = new Actor("officer", "by-minfin", ImmutableSortedSet.Create("officer")),
        };
        Assert.Equal(("remarks[1].text", "a NUL character (U+0000) at position 6"), StorableText.FirstProblem(command));
        Assert.Equal(("actor.roles[0]", "a control character (U+0001) at position 8"),
            StorableText.FirstProblem(command with { Remarks = [], Actor = command.Actor with { Roles = ["officer\u0001"] } }));
        Assert.Null(StorableText.FirstProblem(command with { Remarks = default }));
    }

    [Fact]
    public void The_engine_refuses_such_a_command_with_a_typed_rejection_before_anything_else()
    {
        var decider = new Support.ResolutionDriver().Decider;
        var start = new StartResolution("no-such-definition", "О\0программе", "1. Пункт.")
        {
            CommandId = Guid.NewGuid(), ResolutionId = Guid.NewGuid(), Actor = new Actor("drafter", "ru-mineconomy", ImmutableSortedSet.Create("drafter")),
        };
        var rejected = Assert.IsType<Decision.Rejected>(decider.Decide(null, start, DateTimeOffset.UnixEpoch));
        Assert.Equal(RejectionCode.InvalidInput, rejected.Rejection.Code);
        Assert.Equal("field 'title' contains a NUL character (U+0000) at position 2, which cannot be stored", rejected.Rejection.Message);
    }
}
