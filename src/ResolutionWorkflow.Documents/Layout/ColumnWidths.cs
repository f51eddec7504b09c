using PdfSharp.Drawing;

namespace ResolutionWorkflow.Documents.Layout;

/// <summary>
/// A table's column widths from its content, the same for the PDF and the Word file: each column at
/// least as wide as its longest word (headers in bold), the room left shared by how much more each
/// column's lines want (by the columns' shares when none wants more). Only when the longest words
/// alone are wider than the page are the widest columns narrower than a word (their words then break).
/// </summary>
public static class ColumnWidths
{
    /// <summary>The padding inside a cell on each side, in points.</summary>
    public const double Padding = 3;

    /// <summary>The widths in points of <paramref name="table"/>'s columns across <paramref name="width"/> points.</summary>
    public static double[] Of(Table table, double width)
    {
        ArgumentNullException.ThrowIfNull(table);
        EmbeddedFonts.Install();
        var cell = new XFont(PageSetup.Serif, PageSetup.TablePoints, XFontStyleEx.Regular);
        var cellBold = new XFont(PageSetup.Serif, PageSetup.TablePoints, XFontStyleEx.Bold);
        using var gfx = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
        var n = table.Columns.Count;
        var least = new double[n];
        var wanted = new double[n];
        for (var i = 0; i < n; i++)
        {
            var cells = table.Rows.Select(r => (Text: i < r.Count ? r[i] : "", Font: cell)).Prepend((table.Columns[i].Header, cellBold));
            foreach (var (text, font) in cells)
            {
                foreach (var line in text.Split('\n'))
                {
                    wanted[i] = Math.Max(wanted[i], gfx.MeasureString(line, font).Width);
                    foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries)) { least[i] = Math.Max(least[i], gfx.MeasureString(word, font).Width); }
                }
            }
            least[i] += 2 * Padding + 1;
            wanted[i] = Math.Min(wanted[i] + 2 * Padding + 1, width * 0.5);
        }
        var sum = least.Sum();
        if (sum >= width)
        {
            // Too many long words for the page: the narrow columns keep their words whole, the widest share what is left equally.
            var sorted = least.Order().ToArray();
            var cap = width / n;
            var taken = 0.0;
            for (var k = 0; k < n; taken += sorted[k], k++)
            {
                if (sorted[k] * (n - k) >= width - taken) { cap = (width - taken) / (n - k); break; }
            }
            return [.. least.Select(l => Math.Min(l, cap))];
        }
        var more = least.Select((l, i) => Math.Max(0, wanted[i] - l)).ToArray();
        var weights = more.Sum() > 0 ? more : [.. table.Columns.Select(c => c.Share)];
        var total = weights.Sum();
        return [.. least.Select((l, i) => l + ((width - sum) * weights[i] / total))];
    }
}
