using System.Security.Cryptography;
using System.Text;
using ResolutionWorkflow.Engine.Texts;

namespace ResolutionWorkflow.Engine.Tests.Texts;

public sealed class ResolutionTextTests
{
    [Fact]
    public void The_hash_is_sha256_of_the_utf8_normalised_text()
    {
        const string text = "1. Утвердить программу.\n2. Финансировать из бюджета.";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, ResolutionText.Hash(text));
    }

    [Fact]
    public void Line_endings_trailing_spaces_and_blank_edges_do_not_change_the_hash()
    {
        var canonical = ResolutionText.Hash("1. Утвердить программу.\n2. Финансировать.");
        Assert.Equal(canonical, ResolutionText.Hash("\uFEFF\r\n1. Утвердить программу.  \r\n2. Финансировать.\t\r\n\r\n"));
        Assert.Equal(canonical, ResolutionText.Hash("1. Утвердить программу.\r2. Финансировать."));
    }

    [Fact]
    public void Composed_and_decomposed_letters_hash_the_same()
    {
        // "й" precomposed (U+0439) and as "и" + combining breve (U+0438 U+0306).
        Assert.Equal(ResolutionText.Hash("1. Пункт \u0439."), ResolutionText.Hash("1. Пункт \u0438\u0306."));
    }

    [Fact]
    public void Any_change_of_wording_changes_the_hash()
    {
        Assert.NotEqual(ResolutionText.Hash("1. Срок — 10 дней."), ResolutionText.Hash("1. Срок — 15 дней."));
        Assert.NotEqual(ResolutionText.Hash("1. Текст."), ResolutionText.Hash("1.  Текст."));
    }

    [Fact]
    public void Clauses_are_numbered_lines_with_a_preamble_before_them()
    {
        var clauses = ResolutionText.Clauses(ResolutionText.Normalise("О программе\n\n1. Первый.\nпродолжение\n2. Второй.\n2.1. Подпункт."));
        Assert.Equal(["preamble", "1", "2", "2.1"], clauses.Select(c => c.Number));
        Assert.Equal("1. Первый.\nпродолжение", clauses[1].Text);
    }

    [Fact]
    public void Changed_clauses_are_found_by_number()
    {
        var changed = ResolutionText.ChangedClauses("1. А.\n2. Б.\n3. В.", "1. А.\n2. Б изменён.\n4. Г.");
        Assert.Equal(["2", "3", "4"], changed.Order());
    }

    [Fact]
    public void A_clause_is_replaced_in_place_with_its_number_its_sub_clauses_and_the_blank_lines_around_it_kept()
    {
        const string text = "О программе\n\n1. Первый.\nпродолжение\n\n2. Второй.\n2.1. Подпункт.";
        Assert.Equal("О программе\n\n1. Новый.\n\n2. Второй.\n2.1. Подпункт.", ResolutionText.ReplaceClause(text, "1", ResolutionText.ClauseText("1", "Новый.")));
        Assert.Equal("О программе\n\n1. Первый.\nпродолжение\n\n2. Иной.\n2.1. Подпункт.", ResolutionText.ReplaceClause(text, "2", ResolutionText.ClauseText("2", "2. Иной.")));
        Assert.Equal("Об ином\n\n1. Первый.\nпродолжение\n\n2. Второй.\n2.1. Подпункт.", ResolutionText.ReplaceClause(text, "preamble", ResolutionText.ClauseText("preamble", "Об ином")));
        Assert.Null(ResolutionText.ReplaceClause(text, "3", "3. Нет такого."));
        // The wording is normalised as a text is: line ends and trailing spaces.
        Assert.Equal("3. Текст\nс переносом", ResolutionText.ClauseText("3", "Текст \r\nс переносом "));
    }
}
