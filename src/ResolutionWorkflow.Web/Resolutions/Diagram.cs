using System.Globalization;
using System.Net;
using System.Text;
using ResolutionWorkflow.Engine.Definitions;

namespace ResolutionWorkflow.Web.Resolutions;

/// <summary>
/// The definition drawn as server-side SVG: stages top to bottom in the file's order, forward
/// transitions on the left, returns on the right, the current stage marked (colour and text).
/// </summary>
public static class Diagram
{
    private const int Width = 760, BoxWidth = 300, BoxHeight = 44, Gap = 34, Left = 230;

    public static string Svg(WorkflowDefinition definition, string currentStageId, string language, App.Localization.Names names)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var index = definition.Stages.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        static double Y(int i) => 20 + (i * (BoxHeight + Gap));
        var height = (int)Y(definition.Stages.Length) + 10;
        var current = definition.Stages.FirstOrDefault(s => s.Id == currentStageId);
        var label = language == "en"
            ? $"Workflow of {definition.Title.En}; current stage: {current?.Title?.En ?? currentStageId}"
            : $"Маршрут: {definition.Title.Ru}; текущий этап: {current?.Title?.Ru ?? currentStageId}";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"diagram-title\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"diagram-title\">{E(label)}</title>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>");

        var forward = 0;
        var back = 0;
        foreach (var stage in definition.Stages)
        {
            var from = index[stage.Id];
            foreach (var (outcome, target) in stage.Outcomes)
            {
                var to = index[target];
                var y1 = Y(from) + (BoxHeight / 2.0);
                var y2 = Y(to) + (BoxHeight / 2.0);
                if (to == from + 1)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left + (BoxWidth / 2)}\" y1=\"{Y(from) + BoxHeight}\" x2=\"{Left + (BoxWidth / 2)}\" y2=\"{Y(to)}\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>");
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (BoxWidth / 2) + 6}\" y=\"{Y(from) + BoxHeight + 20}\" font-size=\"11\" fill=\"#333\">{E(names.Word(language, "outcome", outcome))}</text>");
                }
                else if (to > from)
                {
                    var x = Left - 20 - (12 * (forward++ % 8));
                    svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{Left},{y1} H{x} V{y2} H{Left}\" fill=\"none\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>");
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x - 4}\" y=\"{y1 - 4}\" font-size=\"11\" fill=\"#333\" text-anchor=\"end\">{E(names.Word(language, "outcome", outcome))}</text>");
                }
                else
                {
                    var x = Left + BoxWidth + 20 + (12 * (back++ % 8));
                    svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{Left + BoxWidth},{y1} H{x} V{y2} H{Left + BoxWidth}\" fill=\"none\" stroke=\"#555\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/>");
                    // Returns share a start row; their labels go half way along their own vertical run.
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4}\" y=\"{((y1 + y2) / 2) + 4}\" font-size=\"11\" fill=\"#333\">{E(names.Word(language, "outcome", outcome))}</text>");
                }
            }
        }
        foreach (var stage in definition.Stages)
        {
            var y = Y(index[stage.Id]);
            var isCurrent = stage.Id == currentStageId;
            var title = stage.Title?.In(language) ?? stage.Id;
            svg.Append(CultureInfo.InvariantCulture, $"<g data-stage=\"{E(stage.Id)}\"{(isCurrent ? " data-current=\"true\"" : "")}>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"6\" fill=\"{(isCurrent ? "#0b4f9c" : "#ffffff")}\" stroke=\"#0b4f9c\" stroke-width=\"{(isCurrent ? 3 : 1.5)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 12}\" y=\"{y + 27}\" font-size=\"14\" fill=\"{(isCurrent ? "#ffffff" : "#111111")}\">{E(title)}{(isCurrent ? (language == "en" ? " — current" : " — текущий") : "")}</text>");
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
