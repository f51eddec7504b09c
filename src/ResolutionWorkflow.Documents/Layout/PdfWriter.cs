using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ResolutionWorkflow.Documents.Layout;

/// <summary>
/// Lays an <see cref="OfficialDocument"/> out as PDF with PDFsharp: lines broken to the width
/// between words (a word is broken by character only when it is wider than the whole line or a
/// column that its table's other words leave no room to widen), justified body text with a 1.25 cm first-line
/// indent, tables with ruled cells whose header row is repeated on each page and whose rows continue
/// across pages, page numbers at the top centre from the second page (GOST R 7.0.97-2016).
/// </summary>
public static class PdfWriter
{
    private const double Indent = 1.25 / 2.54 * 72, Padding = ColumnWidths.Padding, ParagraphGap = 4;

    public static void Write(OfficialDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        EmbeddedFonts.Install();
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Creator = "ResolutionWorkflow";
        pdf.Language = document.Language == "en" ? "en-GB" : "ru-RU";
        var writer = new PageWriter(pdf, document.Landscape);
        writer.Paragraph(new Paragraph(document.Title, Bold: true, Align: Alignment.Centre));
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Paragraph p: writer.Paragraph(p); break;
                case Table t: writer.Table(t); break;
            }
        }
        writer.Finish();
        pdf.Save(output, closeStream: false);
    }

    private sealed class PageWriter(PdfDocument pdf, bool landscape)
    {
        private static readonly XFont Code = new(PageSetup.Mono, PageSetup.CodePoints, XFontStyleEx.Regular);
        private static readonly XFont Body = new(PageSetup.Serif, PageSetup.BodyPoints, XFontStyleEx.Regular);
        private static readonly XFont BodyBold = new(PageSetup.Serif, PageSetup.BodyPoints, XFontStyleEx.Bold);
        private static readonly XFont Cell = new(PageSetup.Serif, PageSetup.TablePoints, XFontStyleEx.Regular);
        private static readonly XFont CellBold = new(PageSetup.Serif, PageSetup.TablePoints, XFontStyleEx.Bold);
        private static readonly XPen Rule = new(XColors.Black, 0.5);

        private readonly double _left = Mm(PageSetup.LeftMm), _right = Mm(PageSetup.PageWidthMm(landscape) - PageSetup.RightMm);
        private readonly double _top = Mm(PageSetup.TopMm), _bottom = Mm(PageSetup.PageHeightMm(landscape) - PageSetup.BottomMm);
        private XGraphics? _gfx;
        private double _y;

        private static double Mm(double mm) => mm / 25.4 * 72;

        private double Width => _right - _left;

        private XGraphics Gfx => _gfx ?? NewPage();

        private XGraphics NewPage()
        {
            _gfx?.Dispose();
            var page = pdf.AddPage();
            page.Width = XUnit.FromMillimeter(PageSetup.PageWidthMm(landscape));
            page.Height = XUnit.FromMillimeter(PageSetup.PageHeightMm(landscape));
            _gfx = XGraphics.FromPdfPage(page);
            _y = _top;
            return _gfx;
        }

        public void Paragraph(Paragraph p)
        {
            var font = p.Code ? Code : p.Bold ? BodyBold : Body;
            var height = font.GetHeight();
            var indent = p.Align == Alignment.Justify && !p.Code ? Indent : 0;
            foreach (var source in p.Text.Split('\n'))
            {
                var lines = Wrap(Gfx, source, font, Width, indent);
                for (var i = 0; i < lines.Count; i++)
                {
                    if (_y + height > _bottom) { NewPage(); }
                    var x = _left + (i == 0 ? indent : 0);
                    var width = Width - (i == 0 ? indent : 0);
                    var last = i == lines.Count - 1;
                    DrawLine(Gfx, lines[i], font, x, _y, width, p.Align, last);
                    _y += height;
                }
            }
            _y += ParagraphGap;
        }

        public void Table(Table t)
        {
            var widths = ColumnWidths.Of(t, Width);
            var height = Cell.GetHeight();
            var header = t.Columns.Select((c, i) => Wrap(Gfx, c.Header, CellBold, widths[i] - 2 * Padding, 0)).ToList();
            var headerHeight = header.Max(l => l.Count) * height + 2 * Padding;
            if (_y + headerHeight + height + 2 * Padding > _bottom) { NewPage(); }
            DrawRow(header, widths, CellBold, headerHeight, 0, int.MaxValue);
            foreach (var row in t.Rows)
            {
                var cells = row.Select((text, i) => Wrap(Gfx, text, Cell, widths[i] - 2 * Padding, 0)).ToList();
                var lines = cells.Max(c => c.Count);
                var from = 0;
                while (from < lines)
                {
                    // As many of the row's lines as the page takes; the rest continue under the header on the next page.
                    var fit = (int)Math.Floor((_bottom - _y - 2 * Padding) / height);
                    if (fit < 1 || (from == 0 && fit < Math.Min(lines, 3)))
                    {
                        NewPage();
                        DrawRow(header, widths, CellBold, headerHeight, 0, int.MaxValue);
                        continue;
                    }
                    var count = Math.Min(fit, lines - from);
                    DrawRow(cells, widths, Cell, count * height + 2 * Padding, from, count);
                    from += count;
                }
            }
            _y += ParagraphGap * 2;
        }

        private void DrawRow(List<List<string>> cells, double[] widths, XFont font, double rowHeight, int from, int count)
        {
            var gfx = Gfx;
            var x = _left;
            var height = font.GetHeight();
            for (var i = 0; i < cells.Count; i++)
            {
                gfx.DrawRectangle(Rule, x, _y, widths[i], rowHeight);
                var y = _y + Padding;
                foreach (var line in cells[i].Skip(from).Take(count))
                {
                    gfx.DrawString(line, font, XBrushes.Black, x + Padding, y, XStringFormats.TopLeft);
                    y += height;
                }
                x += widths[i];
            }
            _y += rowHeight;
        }

        private static void DrawLine(XGraphics gfx, string line, XFont font, double x, double y, double width, Alignment align, bool last)
        {
            switch (align)
            {
                case Alignment.Centre:
                    gfx.DrawString(line, font, XBrushes.Black, x + (width - gfx.MeasureString(line, font).Width) / 2, y, XStringFormats.TopLeft);
                    break;
                case Alignment.Right:
                    gfx.DrawString(line, font, XBrushes.Black, x + width - gfx.MeasureString(line, font).Width, y, XStringFormats.TopLeft);
                    break;
                case Alignment.Justify when !last && line.Contains(' ', StringComparison.Ordinal):
                    // The words spread to both margins; the last line of a paragraph stays ragged.
                    var words = line.Split(' ');
                    var gap = (width - words.Sum(w => gfx.MeasureString(w, font).Width)) / (words.Length - 1);
                    foreach (var word in words)
                    {
                        gfx.DrawString(word, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
                        x += gfx.MeasureString(word, font).Width + gap;
                    }
                    break;
                default:
                    gfx.DrawString(line, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
                    break;
            }
        }

        /// <summary>Breaks one line of text into lines no wider than <paramref name="width"/> (the first <paramref name="indent"/> narrower).</summary>
        private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width, double indent)
        {
            var lines = new List<string>();
            foreach (var source in text.Split('\n'))
            {
                var line = "";
                foreach (var word in source.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var room = width - (lines.Count == 0 ? indent : 0);
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (gfx.MeasureString(candidate, font).Width <= room) { line = candidate; continue; }
                    if (line.Length > 0) { lines.Add(line); line = ""; room = width; }
                    // A word wider than the whole line (a hash, an address) is broken by character; one
                    // character is never broken, so however narrow the room the text advances.
                    var rest = word;
                    while (rest.Length > 1 && gfx.MeasureString(rest, font).Width > room)
                    {
                        var n = rest.Length - 1;
                        while (n > 1 && gfx.MeasureString(rest[..n], font).Width > room) { n--; }
                        lines.Add(rest[..n]);
                        rest = rest[n..];
                        room = width;
                    }
                    line = rest;
                }
                lines.Add(line);
            }
            return lines;
        }

        /// <summary>Numbers the pages at the top centre from the second, as official documents are numbered.</summary>
        public void Finish()
        {
            _ = Gfx; // an empty document still has its page
            _gfx?.Dispose();
            for (var i = 1; i < pdf.PageCount; i++)
            {
                using var gfx = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                var number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                gfx.DrawString(number, Cell, XBrushes.Black, (Mm(PageSetup.PageWidthMm(landscape)) - gfx.MeasureString(number, Cell).Width) / 2, Mm(8), XStringFormats.TopLeft);
            }
        }
    }
}
