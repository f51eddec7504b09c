using ResolutionWorkflow.Web.Monitoring;

namespace ResolutionWorkflow.Web.Tests.Monitoring;

public sealed class CsvExportTests
{
    private sealed record Row(string Party, int DaysOverdue, double Share);

    [Fact]
    public void Text_that_a_spreadsheet_would_run_is_neutralised_and_negative_numbers_stay_numbers()
    {
        var csv = Dashboard.Csv(new[]
        {
            new Row("=HYPERLINK(\"http://x\")", -3, -0.5),
            new Row("+7 495 000-00-00", 2, 1.5),
            new Row("@SUM(A1)", 0, 0),
            new Row("Министерство финансов, Беларусь", -12, 0.25),
        });

        Assert.Equal(
        [
            "Party,DaysOverdue,Share",
            "\"'=HYPERLINK(\"\"http://x\"\")\",-3,-0.5",
            "'+7 495 000-00-00,2,1.5",
            "'@SUM(A1),0,0",
            "\"Министерство финансов, Беларусь\",-12,0.25",
        ], csv.TrimEnd().Split("\r\n"));
    }
}
