using ResolutionWorkflow.Web.Resolutions;

namespace ResolutionWorkflow.Web.Tests.Resolutions;

public sealed class TextDiffTests
{
    private const string Before = "Совет Министров Союзного государства постановляет:\n\n1. Финансирование осуществляется за счёт бюджета.\n2. Контроль возложить на Постоянный Комитет.";
    private const string After = "Совет Министров Союзного государства постановляет:\n\n1. Финансирование осуществляется за счёт средств бюджета Союзного государства.\n2. Контроль возложить на Постоянный Комитет.\n3. Вступает в силу со дня подписания.";

    [Fact]
    public void A_changed_clause_marks_the_words_removed_and_added_and_rebuilds_both_versions()
    {
        var diff = TextDiff.Between(Before, After);

        Assert.Equal(ClauseChange.Same, diff.Single(d => d.Number == "2").Change);
        Assert.Equal(ClauseChange.Added, diff.Single(d => d.Number == "3").Change);
        var changed = diff.Single(d => d.Number == "1");
        Assert.Equal(ClauseChange.Changed, changed.Change);
        Assert.Equal(["средств ", " Союзного государства"], changed.Words.Where(w => w.Change == WordChange.Added).Select(w => w.Text));
        Assert.DoesNotContain(changed.Words, w => w.Change == WordChange.Removed);
        Assert.Equal(changed.After, string.Concat(changed.Words.Where(w => w.Change != WordChange.Removed).Select(w => w.Text)));
        Assert.Equal(changed.Before, string.Concat(changed.Words.Where(w => w.Change != WordChange.Added).Select(w => w.Text)));
    }

    [Fact]
    public void A_replaced_word_is_one_removed_run_and_one_added_run()
    {
        var words = TextDiff.Words("Срок исполнения — 30 дней.", "Срок исполнения — 60 дней.");
        Assert.Equal([new WordRun(WordChange.Same, "Срок исполнения — "), new WordRun(WordChange.Removed, "30"), new WordRun(WordChange.Added, "60"), new WordRun(WordChange.Same, " дней.")], words);
    }
}
