using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace ResolutionWorkflow.Web.Tests.Support;

/// <summary>
/// Reads a PDF back with PDFsharp: its pages, and each page's text as shown (glyphs mapped to
/// characters through each font's ToUnicode map), one string per text-showing operator.
/// </summary>
public static partial class PdfText
{
    public static (int Pages, IReadOnlyList<string> Text) Read(byte[] pdf)
    {
        var pages = ReadPages(pdf);
        return (pages.Count, [.. pages.SelectMany(p => p)]);
    }

    /// <summary>Each page's text, in the order it was drawn.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ReadPages(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var pages = new List<IReadOnlyList<string>>();
        foreach (var page in document.Pages)
        {
            var text = new List<string>();
            pages.Add(text);
            var fonts = page.Resources.Elements.GetDictionary("/Font");
            var maps = fonts?.Elements.Keys.ToDictionary(k => k, k => ToUnicode(fonts.Elements.GetDictionary(k))) ?? [];
            Dictionary<int, string>? map = null;
            foreach (var op in ContentReader.ReadContent(page).OfType<COperator>())
            {
                switch (op.OpCode.Name)
                {
                    case "Tf" when op.Operands[0] is CName name:
                        map = maps.GetValueOrDefault(name.Name);
                        break;
                    case "Tj" when op.Operands[0] is CString s:
                        text.Add(Decode(s.Value, map));
                        break;
                    case "TJ" when op.Operands[0] is CArray parts:
                        text.Add(string.Concat(parts.OfType<CString>().Select(s => Decode(s.Value, map))));
                        break;
                }
            }
        }
        return pages;
    }

    private static string Decode(string raw, Dictionary<int, string>? map)
    {
        if (map is null) { return raw; }
        var result = new StringBuilder();
        for (var i = 0; i + 1 < raw.Length; i += 2)
        {
            var glyph = (raw[i] << 8) | raw[i + 1];
            result.Append(map.GetValueOrDefault(glyph, "\uFFFD"));
        }
        return result.ToString();
    }

    private static Dictionary<int, string>? ToUnicode(PdfDictionary? font)
    {
        if (font?.Elements.GetReference("/ToUnicode")?.Value is not PdfDictionary cmap || cmap.Stream is null) { return null; }
        var body = Encoding.ASCII.GetString(cmap.Stream.UnfilteredValue);
        var map = new Dictionary<int, string>();
        foreach (Match section in Section().Matches(body))
        {
            var tokens = HexToken().Matches(section.Groups["body"].Value).Select(t => t.Groups[1].Value).ToList();
            if (section.Groups["kind"].Value == "char")
            {
                for (var i = 0; i + 1 < tokens.Count; i += 2) { map[Hex(tokens[i])] = Utf16(tokens[i + 1]); }
            }
            else
            {
                for (var i = 0; i + 2 < tokens.Count; i += 3)
                {
                    var (from, to, first) = (Hex(tokens[i]), Hex(tokens[i + 1]), Hex(tokens[i + 2]));
                    for (var g = from; g <= to; g++) { map[g] = char.ConvertFromUtf32(first + g - from); }
                }
            }
        }
        return map;
    }

    private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex) =>
        Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex));

    [GeneratedRegex(@"beginbf(?<kind>char|range)(?<body>.*?)endbf(char|range)", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>")]
    private static partial Regex HexToken();
}
