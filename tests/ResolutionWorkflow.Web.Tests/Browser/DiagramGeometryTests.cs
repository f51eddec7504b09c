using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ResolutionWorkflow.App.Localization;
using ResolutionWorkflow.Engine.Definitions;
using ResolutionWorkflow.Web.Resolutions;
using ResolutionWorkflow.Web.Tests.Support;

namespace ResolutionWorkflow.Web.Tests.Browser;

/// <summary>
/// The route diagram of every shipped definition, with each of its stages current, in Russian and in
/// English, laid out by Chromium: every piece of text measured as drawn, every pair checked.
/// </summary>
[Collection(WebAppTests.Name)]
[Trait("Category", "Browser")]
public sealed class DiagramGeometryTests
{
    private sealed record Box(string Kind, string Text, string? Stage, double X, double Y, double Width, double Height)
    {
        public bool Overlaps(Box o) => X < o.X + o.Width - 0.5 && o.X < X + Width - 0.5 && Y < o.Y + o.Height - 0.5 && o.Y < Y + Height - 0.5;

        public bool Inside(Box o) => X >= o.X && Y >= o.Y && X + Width <= o.X + o.Width && Y + Height <= o.Y + o.Height;

        public override string ToString() => $"'{Text}' ({X:0},{Y:0} {Width:0}×{Height:0})";
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Every <text> and stage <rect> in SVG user units, as the browser laid them out.
    private const string Measure = """
        () => {
          const svg = document.querySelector('svg');
          const view = svg.viewBox.baseVal;
          const out = [];
          for (const r of svg.querySelectorAll('g[data-stage] rect')) {
            const b = r.getBBox();
            out.push({ kind: 'box', text: r.parentNode.getAttribute('data-stage'), stage: r.parentNode.getAttribute('data-stage'), x: b.x, y: b.y, width: b.width, height: b.height });
          }
          for (const t of svg.querySelectorAll('text')) {
            const b = t.getBBox();
            const g = t.closest('g[data-stage]');
            out.push({ kind: g ? 'title' : 'label', text: t.textContent, stage: g ? g.getAttribute('data-stage') : null, x: b.x, y: b.y, width: b.width, height: b.height });
          }
          out.push({ kind: 'canvas', text: '', stage: null, x: view.x, y: view.y, width: view.width, height: view.height });
          return JSON.stringify(out);
        }
        """;

    private static readonly string[] Languages = ["ru", "en"];

    [Fact]
    public Task No_label_overlaps_another_or_leaves_its_box_at_any_stage_of_any_definition() => BrowserHost.RunAsync(async host =>
    {
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        var names = host.Services.GetRequiredService<Names>();
        var page = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        var problems = new List<string>();
        var drawn = 0;

        foreach (var definition in catalog.All)
        {
            foreach (var stage in definition.Stages)
            {
                foreach (var language in Languages)
                {
                    var svg = Diagram.Svg(definition, stage.Id, language, names);
                    // The document is built when the content is set; the measure waits for the fonts it is drawn in.
                    await page.SetContentAsync($"<!DOCTYPE html><html lang=\"{language}\"><body style=\"margin:0;width:1024px\">{svg}</body></html>", new() { WaitUntil = WaitUntilState.Commit });
                    await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
                    var boxes = JsonSerializer.Deserialize<List<Box>>(await page.EvaluateAsync<string>(Measure), Json)!;
                    var where = $"{definition.Id} v{definition.Version}, current {stage.Id}, {language}";
                    problems.AddRange(Check(boxes, stage.Id).Select(p => $"{where}: {p}"));
                    drawn++;
                }
            }
        }
        Assert.True(drawn >= 30, $"only {drawn} diagrams drawn");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    });

    private static IEnumerable<string> Check(List<Box> boxes, string current)
    {
        var canvas = boxes.Single(b => b.Kind == "canvas");
        var stageBoxes = boxes.Where(b => b.Kind == "box").ToList();
        var texts = boxes.Where(b => b.Kind is "title" or "label").ToList();
        foreach (var t in texts)
        {
            if (!t.Inside(canvas)) { yield return $"{t} leaves the drawing"; }
            if (t.Kind == "title" && !t.Inside(stageBoxes.Single(b => b.Stage == t.Stage))) { yield return $"{t} leaves its stage's box"; }
            if (t.Kind == "label" && stageBoxes.FirstOrDefault(b => b.Overlaps(t)) is { } box) { yield return $"{t} overlaps the box of {box.Stage}"; }
        }
        for (var i = 0; i < texts.Count; i++)
        {
            for (var j = i + 1; j < texts.Count; j++)
            {
                if (texts[i].Overlaps(texts[j])) { yield return $"{texts[i]} overlaps {texts[j]}"; }
            }
        }
        var marked = texts.Where(t => t.Stage == current).Select(t => t.Text).ToList();
        if (!marked.Any(t => t is "текущий этап" or "current stage")) { yield return $"the current stage {current} is not named as current"; }
    }
}
