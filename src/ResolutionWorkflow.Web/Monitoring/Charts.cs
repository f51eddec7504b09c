using System.Globalization;
using System.Net;
using System.Text;

namespace ResolutionWorkflow.Web.Monitoring;

/// <summary>
/// The dashboard's charts as server-side SVG (no script, nothing from elsewhere). Each has a title
/// for screen readers, and the page shows the same figures as a table. Colours keep 3:1 contrast
/// against white (WCAG 1.4.11); the two series differ by shape too, not by colour alone.
/// </summary>
public static class Charts
{
    private const string Primary = "#1f5fa8", Secondary = "#a34d00", Ink = "#1a1a1a", Rule = "#767676";

    /// <summary>
    /// One row per stage, under its definition's name: the median as a solid bar, the 90th percentile
    /// as an outlined bar behind it.
    /// </summary>
    public static string TimeInStage(IReadOnlyList<StageTime> stages, Func<string, string> definitionTitle, Func<string, string, string> stageTitle, Func<double, string> days,
        string title, string medianLabel, string p90Label)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(definitionTitle);
        ArgumentNullException.ThrowIfNull(stageTitle);
        const int width = 760, left = 260, right = 90, row = 30, top = 34;
        var groups = stages.GroupBy(s => s.DefinitionId).ToList();
        var height = top + ((stages.Count + groups.Count) * row) + 10;
        var max = Math.Max(1, stages.Count == 0 ? 1 : stages.Max(s => s.P90Days));
        double X(double days) => left + (days / max * (width - left - right));
        var svg = Open(width, height, "chart-stage-time", title);
        Legend(svg, left, medianLabel, p90Label);
        var y = top;
        foreach (var group in groups)
        {
            svg.Append(Inv($"<text x=\"8\" y=\"{y + 19}\" font-size=\"13\" font-weight=\"bold\" fill=\"{Ink}\">{E(definitionTitle(group.Key))}</text>"));
            y += row;
            foreach (var s in group)
            {
                svg.Append(Inv($"<text x=\"{left - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\" fill=\"{Ink}\">{E(stageTitle(s.DefinitionId, s.StageId))}</text>"));
                svg.Append(Inv($"<rect x=\"{left}\" y=\"{y + 4}\" width=\"{X(s.P90Days) - left:F1}\" height=\"18\" fill=\"#ffffff\" stroke=\"{Secondary}\" stroke-width=\"2\"/>"));
                svg.Append(Inv($"<rect x=\"{left}\" y=\"{y + 8}\" width=\"{X(s.MedianDays) - left:F1}\" height=\"10\" fill=\"{Primary}\"/>"));
                svg.Append(Inv($"<text x=\"{X(s.P90Days) + 6:F1}\" y=\"{y + 17}\" font-size=\"12\" fill=\"{Ink}\">{E(days(s.MedianDays))} / {E(days(s.P90Days))}</text>"));
                y += row;
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A small panel per stage of each definition (titled by the caller): for each week, resolutions entering (solid) and leaving (outlined).</summary>
    public static string WeeklyFlow(IReadOnlyList<WeeklyFlow> flow, Func<string, string, string> stageTitle, string title, string enteredLabel, string leftLabel)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(stageTitle);
        var stages = flow.GroupBy(f => (f.DefinitionId, f.StageId)).ToList();
        var weeks = flow.Select(f => f.Week).Distinct().Order().ToList();
        const int width = 760, left = 60, panel = 96, top = 34, barsHeight = 56;
        var height = top + (stages.Count * panel) + 24;
        var slot = (width - left - 20) / (double)Math.Max(1, weeks.Count);
        var svg = Open(width, height, "chart-weekly-flow", title);
        Legend(svg, left, enteredLabel, leftLabel);
        for (var p = 0; p < stages.Count; p++)
        {
            var y0 = top + (p * panel);
            var max = Math.Max(1, stages[p].Max(f => Math.Max(f.Entered, f.Left)));
            var baseY = y0 + 22 + barsHeight;
            svg.Append(Inv($"<text x=\"{left}\" y=\"{y0 + 14}\" font-size=\"13\" font-weight=\"bold\" fill=\"{Ink}\">{E(stageTitle(stages[p].Key.DefinitionId, stages[p].Key.StageId))}</text>"));
            svg.Append(Inv($"<text x=\"{left - 6}\" y=\"{y0 + 30}\" text-anchor=\"end\" font-size=\"11\" fill=\"{Ink}\">{max}</text>"));
            svg.Append(Inv($"<line x1=\"{left}\" y1=\"{baseY}\" x2=\"{width - 20}\" y2=\"{baseY}\" stroke=\"{Rule}\"/>"));
            foreach (var f in stages[p])
            {
                var x = left + (weeks.IndexOf(f.Week) * slot);
                var hIn = f.Entered * barsHeight / (double)max;
                var hOut = f.Left * barsHeight / (double)max;
                svg.Append(Inv($"<rect x=\"{x + (slot * 0.12):F1}\" y=\"{baseY - hIn:F1}\" width=\"{slot * 0.36:F1}\" height=\"{hIn:F1}\" fill=\"{Primary}\"/>"));
                svg.Append(Inv($"<rect x=\"{x + (slot * 0.52):F1}\" y=\"{baseY - hOut:F1}\" width=\"{slot * 0.36:F1}\" height=\"{hOut:F1}\" fill=\"#ffffff\" stroke=\"{Secondary}\" stroke-width=\"2\"/>"));
            }
        }
        // Week labels once, under the last panel: first, middle and last week.
        var axisY = top + (stages.Count * panel) + 12;
        foreach (var i in new[] { 0, weeks.Count / 2, weeks.Count - 1 }.Where(i => i >= 0 && i < weeks.Count).Distinct())
        {
            svg.Append(Inv($"<text x=\"{left + (i * slot) + (slot / 2):F1}\" y=\"{axisY}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{Ink}\">{weeks[i]:dd.MM.yyyy}</text>"));
        }
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(int width, int height, string id, string title) =>
        new StringBuilder()
            .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title\">"))
            .Append(Inv($"<title id=\"{id}-title\">{E(title)}</title>"));

    /// <summary>The solid series first, the outlined one second, as in the charts.</summary>
    private static void Legend(StringBuilder svg, int x, string solid, string outlined)
    {
        svg.Append(Inv($"<rect x=\"{x}\" y=\"6\" width=\"14\" height=\"14\" fill=\"{Primary}\"/>"));
        svg.Append(Inv($"<text x=\"{x + 20}\" y=\"18\" font-size=\"12\" fill=\"{Ink}\">{E(solid)}</text>"));
        var x2 = x + 40 + (solid.Length * 7);
        svg.Append(Inv($"<rect x=\"{x2}\" y=\"7\" width=\"12\" height=\"12\" fill=\"#ffffff\" stroke=\"{Secondary}\" stroke-width=\"2\"/>"));
        svg.Append(Inv($"<text x=\"{x2 + 20}\" y=\"18\" font-size=\"12\" fill=\"{Ink}\">{E(outlined)}</text>"));
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
