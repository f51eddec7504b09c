using System.Globalization;
using System.Net;
using System.Text;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Web.Resolutions;

/// <summary>
/// The definition drawn as server-side SVG: stages top to bottom in the file's order, the next
/// stage by an arrow in the middle, forward jumps in lanes on the left, returns in dashed lanes on
/// the right, the current stage filled and named as such. No text is measured here, so widths are
/// estimated on the generous side: a title wraps inside its box, a middle label wraps within half a
/// box, and each lane label takes the first free place along its own lane.
/// </summary>
public static class Diagram
{
    private const int BoxWidth = 340, Lane = 14, Padding = 12, Gap = 46;
    private const int TitleSize = 14, LabelSize = 11, TitleLine = 18, LabelLine = 13;

    // The widest glyphs of the sans-serif fonts a reader may have (DejaVu Sans is the widest of them) are under this share of the size.
    private const double CharWidth = 0.68;

    private const string Font = "font-family=\"Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif\"";

    public static string Svg(WorkflowDefinition definition, string currentStageId, string language, Names names)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(names);
        var stages = definition.Stages;
        var index = stages.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var current = stages.FirstOrDefault(s => s.Id == currentStageId);
        var currentMark = language == "en" ? "current stage" : "текущий этап";

        // Boxes: each title wrapped to the box, the current one with a line saying so.
        var titles = stages.Select(s => Wrap(s.Title?.In(language) ?? s.Id, BoxWidth - (2 * Padding), TitleSize)).ToList();
        var tops = new double[stages.Length];
        var heights = new double[stages.Length];
        var y = 20.0;
        for (var i = 0; i < stages.Length; i++)
        {
            var lines = titles[i].Count + (stages[i].Id == currentStageId ? 1 : 0);
            (tops[i], heights[i]) = (y, 16 + (lines * TitleLine));
            y += heights[i] + Gap;
        }
        double Middle(int i) => tops[i] + (heights[i] / 2);

        var edges = stages.SelectMany(s => s.Outcomes.Select(o => (From: index[s.Id], To: index[o.Value], Label: names.Word(language, "outcome", o.Key)))).ToList();
        var forward = edges.Where(e => e.To > e.From + 1).ToList();
        var back = edges.Where(e => e.To <= e.From).ToList();
        // Room on the left for the forward lanes and their labels (a label wider than that wraps).
        var left = 20 + Math.Min(Longest(forward, LabelSize), 200) + 24 + (Lane * Math.Max(0, forward.Count - 1));
        var rightmost = left + BoxWidth + 20 + (Lane * Math.Max(0, back.Count - 1));
        var width = Math.Max(left + BoxWidth + 20, rightmost + 8 + Longest(back, LabelSize)) + 10;
        var placed = new List<Rect>();

        var svg = new StringBuilder();
        var arrows = new StringBuilder();
        var labels = new StringBuilder();

        foreach (var (from, to, label) in edges.Where(e => e.To == e.From + 1))
        {
            var x = left + (BoxWidth / 2.0);
            arrows.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{tops[from] + heights[from]}\" x2=\"{x}\" y2=\"{tops[to]}\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>");
            // Within the right half of the column, never out into the lanes.
            var wrapped = Wrap(label, (BoxWidth / 2.0) - 10, LabelSize);
            var top = tops[from] + heights[from] + ((Gap - (wrapped.Count * LabelLine)) / 2.0);
            labels.Append(Text(x + 6, top, wrapped, "start", LabelSize, "#333"));
            placed.Add(new Rect(x + 6, top, x + 6 + Width(wrapped, LabelSize), top + (wrapped.Count * LabelLine)));
        }
        for (var k = 0; k < forward.Count; k++)
        {
            var (from, to, label) = forward[k];
            var x = left - 20 - (Lane * k);
            arrows.Append(CultureInfo.InvariantCulture, $"<path d=\"M{left},{Middle(from)} H{x} V{Middle(to)} H{left}\" fill=\"none\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>");
            var wrapped = Wrap(label, x - 14, LabelSize);
            var w = Width(wrapped, LabelSize);
            var top = FreeTop(placed, x - 4 - w, x - 4, Middle(from) - (wrapped.Count * LabelLine) - 2, Middle(to), wrapped.Count * LabelLine);
            labels.Append(Text(x - 4, top, wrapped, "end", LabelSize, "#333"));
            placed.Add(new Rect(x - 4 - w, top, x - 4, top + (wrapped.Count * LabelLine)));
        }
        for (var k = 0; k < back.Count; k++)
        {
            var (from, to, label) = back[k];
            var x = left + BoxWidth + 20 + (Lane * k);
            arrows.Append(CultureInfo.InvariantCulture, $"<path d=\"M{left + BoxWidth},{Middle(from)} H{x} V{Middle(to)} H{left + BoxWidth}\" fill=\"none\" stroke=\"#555\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/>");
            var wrapped = new List<string> { label };
            var w = Width(wrapped, LabelSize);
            var top = FreeTop(placed, x + 4, x + 4 + w, (Middle(to) + Middle(from)) / 2, Middle(from), LabelLine);
            labels.Append(Text(x + 4, top, wrapped, "start", LabelSize, "#333"));
            placed.Add(new Rect(x + 4, top, x + 4 + w, top + LabelLine));
        }

        var height = y - Gap + 20 + 10;
        var title = language == "en"
            ? $"Workflow of {definition.Title.En}; current stage: {current?.Title?.En ?? currentStageId}"
            : $"Маршрут: {definition.Title.Ru}; текущий этап: {current?.Title?.Ru ?? currentStageId}";
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Math.Ceiling(width)} {Math.Ceiling(height)}\" width=\"100%\" role=\"img\" aria-labelledby=\"diagram-title\" {Font}>");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"diagram-title\">{E(title)}</title>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>");
        svg.Append(arrows);
        for (var i = 0; i < stages.Length; i++)
        {
            var isCurrent = stages[i].Id == currentStageId;
            var colour = isCurrent ? "#ffffff" : "#111111";
            svg.Append(CultureInfo.InvariantCulture, $"<g data-stage=\"{E(stages[i].Id)}\"{(isCurrent ? " data-current=\"true\"" : "")}>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{tops[i]}\" width=\"{BoxWidth}\" height=\"{heights[i]}\" rx=\"6\" fill=\"{(isCurrent ? "#0b4f9c" : "#ffffff")}\" stroke=\"#0b4f9c\" stroke-width=\"{(isCurrent ? 3 : 1.5)}\"/>");
            svg.Append(Text(left + Padding, tops[i] + 8, titles[i], "start", TitleSize, colour, lineHeight: TitleLine));
            if (isCurrent) { svg.Append(Text(left + Padding, tops[i] + 8 + (titles[i].Count * TitleLine), [currentMark], "start", 12, colour, lineHeight: TitleLine)); }
            svg.Append("</g>");
        }
        svg.Append(labels);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private sealed record Rect(double Left, double Top, double Right, double Bottom)
    {
        public bool Overlaps(Rect o) => Left < o.Right && o.Left < Right && Top < o.Bottom && o.Top < Bottom;
    }

    /// <summary>The first top, from <paramref name="preferred"/> outwards in half lines, where a label of that extent overlaps no label already placed.</summary>
    private static double FreeTop(List<Rect> placed, double left, double right, double preferred, double toward, double height)
    {
        var step = (toward >= preferred ? 1 : -1) * (LabelLine / 2.0);
        for (var n = 0; n < 400; n++)
        {
            // Try along the lane first, then the other way.
            var top = preferred + ((n % 2 == 0 ? 1 : -1) * (n + 1) / 2 * step);
            var candidate = new Rect(left, top - 1, right, top + height + 1);
            if (!placed.Any(p => p.Overlaps(candidate))) { return top; }
        }
        return preferred;
    }

    /// <summary>Words into lines no wider (by estimate) than <paramref name="max"/>; a single word longer than that stands alone.</summary>
    private static List<string> Wrap(string text, double max, int size)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && Estimate(candidate, size) > max)
            {
                lines.Add(line);
                line = word;
            }
            else { line = candidate; }
        }
        if (line.Length > 0 || lines.Count == 0) { lines.Add(line); }
        return lines;
    }

    private static double Estimate(string text, int size) => text.Length * size * CharWidth;

    private static double Width(IEnumerable<string> lines, int size) => lines.Max(l => Estimate(l, size));

    private static double Longest(IEnumerable<(int, int, string Label)> edges, int size) => edges.Select(e => Estimate(e.Label, size)).DefaultIfEmpty(0).Max();

    /// <summary>Lines of text whose first line's top is at <paramref name="top"/>.</summary>
    private static string Text(double x, double top, List<string> lines, string anchor, int size, string fill, int lineHeight = LabelLine)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{top + size}\" font-size=\"{size}\" fill=\"{fill}\" text-anchor=\"{anchor}\">");
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"<tspan x=\"{x}\"{(i == 0 ? "" : $" dy=\"{lineHeight}\"")}>{E(lines[i])}</tspan>");
        }
        return text.Append("</text>").ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
