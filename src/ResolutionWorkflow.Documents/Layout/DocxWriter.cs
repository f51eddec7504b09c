using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ResolutionWorkflow.Documents.Layout;

/// <summary>
/// Writes an <see cref="OfficialDocument"/> as a Word document with the Open XML SDK: A4 with the
/// official margins, Times New Roman 14 pt (Liberation Serif where Times is not installed), justified
/// paragraphs with a 1.25 cm first-line indent, ruled tables whose header row repeats on each page,
/// and the page number at the top centre from the second page.
/// </summary>
public static class DocxWriter
{
    private const int Twips = 1440;

    private static int Tw(double mm) => (int)Math.Round(mm / 25.4 * Twips);

    public static void Write(OfficialDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var word = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        word.PackageProperties.Title = document.Title;
        word.PackageProperties.Language = document.Language == "en" ? "en-GB" : "ru-RU";
        var main = word.AddMainDocumentPart();
        AddStyles(main, document.Language == "en" ? "en-GB" : "ru-RU");
        var header = main.AddNewPart<HeaderPart>();
        header.Header = new Header(new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            new SimpleField(new Run(new Text("2"))) { Instruction = " PAGE " }));
        var body = new Body();
        body.Append(ParagraphOf(new Paragraph(document.Title, Bold: true, Align: Alignment.Centre)));
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Paragraph p: body.Append(ParagraphOf(p)); break;
                case Table t:
                    body.Append(TableOf(t, document.Landscape));
                    body.Append(new DocumentFormat.OpenXml.Wordprocessing.Paragraph()); // Word needs a paragraph after a table
                    break;
            }
        }
        body.Append(new SectionProperties(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
            new PageSize
            {
                Width = (uint)Tw(PageSetup.PageWidthMm(document.Landscape)), Height = (uint)Tw(PageSetup.PageHeightMm(document.Landscape)),
                Orient = document.Landscape ? PageOrientationValues.Landscape : PageOrientationValues.Portrait,
            },
            new PageMargin { Top = Tw(PageSetup.TopMm), Bottom = Tw(PageSetup.BottomMm), Left = (uint)Tw(PageSetup.LeftMm), Right = (uint)Tw(PageSetup.RightMm), Header = (uint)Tw(8), Footer = (uint)Tw(8), Gutter = 0 },
            new TitlePage())); // the first page has no number
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static void AddStyles(MainDocumentPart main, string language)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = PageSetup.SerifInWord, HighAnsi = PageSetup.SerifInWord, ComplexScript = PageSetup.SerifInWord, EastAsia = PageSetup.SerifInWord },
                new FontSize { Val = HalfPoints(PageSetup.BodyPoints) },
                new Languages { Val = language })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "60", Line = "240", LineRule = LineSpacingRuleValues.Auto }))));
        styles.Styles.Save();
    }

    private static string HalfPoints(double points) => ((int)(points * 2)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DocumentFormat.OpenXml.Wordprocessing.Paragraph ParagraphOf(Paragraph p)
    {
        var properties = new ParagraphProperties(new Justification
        {
            Val = p.Align switch { Alignment.Centre => JustificationValues.Center, Alignment.Right => JustificationValues.Right, Alignment.Justify => JustificationValues.Both, _ => JustificationValues.Left },
        });
        if (p.Align == Alignment.Justify && !p.Code) { properties.Append(new Indentation { FirstLine = Tw(12.5).ToString(System.Globalization.CultureInfo.InvariantCulture) }); }
        return new DocumentFormat.OpenXml.Wordprocessing.Paragraph(properties, RunOf(p.Text, p.Bold, p.Code ? PageSetup.CodePoints : null, p.Code ? PageSetup.MonoInWord : null));
    }

    /// <summary>A run of text; line breaks inside it become breaks in the run.</summary>
    private static Run RunOf(string text, bool bold, double? points, string? font = null)
    {
        var run = new Run();
        var properties = new RunProperties();
        if (font is not null) { properties.Append(new RunFonts { Ascii = font, HighAnsi = font, ComplexScript = font }); }
        if (bold) { properties.Append(new Bold()); }
        if (points is { } size) { properties.Append(new FontSize { Val = HalfPoints(size) }); }
        if (properties.HasChildren) { run.Append(properties); }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) { run.Append(new Break()); }
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        return run;
    }

    private static DocumentFormat.OpenXml.Wordprocessing.Table TableOf(Table t, bool landscape)
    {
        // The PDF's widths from the content, in twips (20 to the point).
        var columns = ColumnWidths.Of(t, PageSetup.TextWidthPoints(landscape)).Select(w => (int)(w * 20)).ToArray();
        static BorderType Line<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4, Color = "000000" };
        var table = new DocumentFormat.OpenXml.Wordprocessing.Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableLayout { Type = TableLayoutValues.Fixed },
            // The PDF's cell padding (3 pt = 60 twips), so the widths from the content hold in Word too.
            new TableCellMarginDefault(new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 60, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 60, Type = TableWidthValues.Dxa }),
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>())));
        table.Append(new TableGrid(columns.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(RowOf(t.Columns.Select(c => c.Header).ToList(), columns, header: true));
        foreach (var row in t.Rows) { table.Append(RowOf(row, columns, header: false)); }
        return table;
    }

    private static TableRow RowOf(IReadOnlyList<string> cells, int[] columns, bool header)
    {
        var row = new TableRow();
        // The header row repeats at the top of each page; no row is split across a page break unless it must be.
        row.Append(header ? new TableRowProperties(new TableHeader(), new CantSplit()) : new TableRowProperties());
        for (var i = 0; i < cells.Count; i++)
        {
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = columns[i].ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
                    new ParagraphProperties(new Justification { Val = header ? JustificationValues.Center : JustificationValues.Left }, new SpacingBetweenLines { After = "0" }),
                    RunOf(cells[i], header, PageSetup.TablePoints))));
        }
        return row;
    }
}
