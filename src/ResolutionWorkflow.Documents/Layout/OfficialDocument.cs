namespace ResolutionWorkflow.Documents.Layout;

/// <summary>
/// A document as a document office lays it out, whatever the file format: a title block, then
/// paragraphs and tables in order. <see cref="DocxWriter"/> and <see cref="PdfWriter"/> put it on A4
/// in a Times-like serif at 14 pt with numbered pages, so both files read the same; a document whose
/// tables need the width (the approval sheet) is laid out on landscape A4.
/// </summary>
public sealed record OfficialDocument(string Language, string Title, IReadOnlyList<Block> Blocks, bool Landscape = false)
{
    /// <summary>Every word of the document in reading order (headers of tables first), for checks and search.</summary>
    public IEnumerable<string> Lines => Blocks.SelectMany(b => b switch
    {
        Paragraph p => [p.Text],
        Table t => t.Columns.Select(c => c.Header).Concat(t.Rows.SelectMany(r => r)),
        _ => [],
    }).Prepend(Title);
}

public abstract record Block;

public enum Alignment { Left, Centre, Justify, Right }

/// <summary>
/// A paragraph; a heading is a bold, centred one. A <paramref name="Code"/> paragraph (a hash, a file's
/// digest) is set small in a monospace face so it fits on one line and is read character by character.
/// </summary>
public sealed record Paragraph(string Text, bool Bold = false, Alignment Align = Alignment.Justify, bool Code = false) : Block
{
    public static Paragraph Heading(string text) => new(text, Bold: true, Align: Alignment.Centre);
}

/// <summary>A column: its header and its share of the line's width where the content leaves room to share (relative).</summary>
public sealed record Column(string Header, double Share);

/// <summary>
/// A table with a header row repeated on every page; cells are plain text (line breaks kept). Smaller
/// type (12 pt) to fit. Column widths follow the content (<see cref="ColumnWidths"/>): no column is
/// narrower than its longest word, so words are not split.
/// </summary>
public sealed record Table(IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

/// <summary>The page as an official document has it (GOST R 7.0.97-2016): A4, margins 30/15/20/20 mm, 14 pt text, 12 pt tables.</summary>
public static class PageSetup
{
    public const double WidthMm = 210, HeightMm = 297, LeftMm = 30, RightMm = 15, TopMm = 20, BottomMm = 20;
    public const double BodyPoints = 14, TablePoints = 12, CodePoints = 8;
    public const string Serif = "Liberation Serif", SerifInWord = "Times New Roman", Mono = "DejaVu Sans Mono", MonoInWord = "Courier New";

    public static double PageWidthMm(bool landscape) => landscape ? HeightMm : WidthMm;

    public static double PageHeightMm(bool landscape) => landscape ? WidthMm : HeightMm;

    /// <summary>The width text may take, in points.</summary>
    public static double TextWidthPoints(bool landscape) => (PageWidthMm(landscape) - LeftMm - RightMm) / 25.4 * 72;
}
