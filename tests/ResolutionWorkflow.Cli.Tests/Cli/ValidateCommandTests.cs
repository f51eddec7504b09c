using ResolutionWorkflow.Cli;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Cli.Tests;

public sealed class ValidateCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Validate_accepts_the_shipped_workflows()
    {
        var (exit, output, error) = await Run("validate", Repository.Workflows);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("council-of-ministers-resolution@v1", output, StringComparison.Ordinal);
        Assert.Contains("union-state-programme@v1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_names_file_and_path_of_an_unknown_stage_target_and_exits_1()
    {
        var folder = Repository.CopyOfWorkflows();
        var file = Path.Combine(folder, "definitions", "union-state-programme.v1.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"agreed\": \"signing\"", "\"agreed\": \"sigining\"", StringComparison.Ordinal));

        var (exit, _, error) = await Run("validate", folder);

        Assert.Equal(1, exit);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("$.stages[4].outcomes.agreed: outcome 'agreed' leads to unknown stage 'sigining'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_reports_errors_of_every_file()
    {
        var folder = Repository.CopyOfWorkflows();
        var registry = Path.Combine(folder, "registry", "registry.json");
        File.WriteAllText(registry, File.ReadAllText(registry).Replace("\"country\": \"by\"", "\"country\": \"bу\"", StringComparison.Ordinal)); // Cyrillic у

        var (exit, _, error) = await Run("validate", folder);

        Assert.Equal(1, exit);
        Assert.Contains("registry.json", error, StringComparison.Ordinal);
        Assert.Contains("$.organisations[0].country", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publication_venue_of_an_unknown_country_or_with_a_broken_reference_pattern_is_refused_at_its_path()
    {
        var folder = Repository.CopyOfWorkflows();
        var registry = Path.Combine(folder, "registry", "registry.json");
        File.WriteAllText(registry, File.ReadAllText(registry)
            .Replace("\"referencePattern\": \"^[0-9]{16}$\"", "\"referencePattern\": \"^([0-9]{16}$\"", StringComparison.Ordinal)
            .Replace("\"id\": \"ru-sz\",\n      \"country\": \"ru\"", "\"id\": \"ru-sz\",\n      \"country\": \"kz\"", StringComparison.Ordinal));

        var (exit, _, error) = await Run("validate", folder);

        Assert.Equal(1, exit);
        Assert.Contains("$.publicationVenues[0].referencePattern: not a valid regular expression", error, StringComparison.Ordinal);
        Assert.Contains("$.publicationVenues[1].country: unknown country 'kz'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_named_with_RB_SG_or_RF_is_refused_at_its_path_with_the_official_form()
    {
        var folder = Repository.CopyOfWorkflows();
        var registry = Path.Combine(folder, "registry", "registry.json");
        File.WriteAllText(registry, File.ReadAllText(registry)
            .Replace("\"ru\": \"Минфин Беларуси\"", "\"ru\": \"Минфин РБ\"", StringComparison.Ordinal)
            .Replace("\"ru\": \"Совет Министров Союзного государства\",\n        \"en\": \"Council of Ministers\"", "\"ru\": \"Совет Министров СГ\",\n        \"en\": \"Council of Ministers\"", StringComparison.Ordinal));

        var (exit, _, error) = await Run("validate", folder);

        Assert.Equal(1, exit);
        Assert.Contains("shortName.ru: 'РБ' in 'Минфин РБ' is not how officials write a name: write 'Беларуси' (Минфин Беларуси)", error, StringComparison.Ordinal);
        Assert.Contains("shortName.ru: 'СГ' in 'Совет Министров СГ'", error, StringComparison.Ordinal);
        // The shipped registry passes: "Минфин Беларуси", a "Государственный" name that merely contains the letters.
        Assert.Equal(0, (await Run("validate", Repository.Workflows)).Exit);
    }

    [Fact]
    public async Task Unknown_verbs_print_usage_and_exit_2()
    {
        var (exit, _, error) = await Run("frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }
}
