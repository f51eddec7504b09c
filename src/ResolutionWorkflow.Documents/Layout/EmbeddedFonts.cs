using PdfSharp.Fonts;

namespace ResolutionWorkflow.Documents.Layout;

/// <summary>
/// PDFsharp's fonts from this assembly, not the system: Liberation Serif (metric-compatible with
/// Times New Roman, with Cyrillic), so a PDF made anywhere looks the same and embeds the same font;
/// DejaVu Sans Mono for hashes (Fonts/LICENSE-DejaVu.txt).
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    private const string Regular = "LiberationSerif-Regular", Bold = "LiberationSerif-Bold", Mono = "DejaVuSansMono";
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Installs the resolver once per process (PDFsharp allows one, set before any font is used).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) { return; }
            GlobalFontSettings.FontResolver = new EmbeddedFonts();
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, PageSetup.Serif, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(bold ? Bold : Regular)
        : string.Equals(familyName, PageSetup.Mono, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(Mono)
        : null;

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"Fonts.{faceName}.ttf");
        if (stream is null) { return null; }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
