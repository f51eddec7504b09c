using System.IO.Compression;

namespace ResolutionWorkflow.App.Documents;

/// <summary>
/// The formats a document may be attached in, told by the bytes and never by the name or the
/// sender's word: PDF by its header; DOCX, XLSX and ODT are ZIP packages told apart by their parts
/// (an ODT's first entry is "mimetype" naming its type; an Office package has its main part).
/// </summary>
public static class FileTypes
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Odt = "application/vnd.oasis.opendocument.text";

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = Pdf, [".docx"] = Docx, [".xlsx"] = Xlsx, [".odt"] = Odt,
    };

    /// <summary>The type by the file name's extension, if it is one of ours.</summary>
    public static string? ByName(string name) => Extensions.GetValueOrDefault(Path.GetExtension(name));

    public static string ExtensionOf(string mediaType) => Extensions.FirstOrDefault(p => p.Value == mediaType).Key ?? "";

    /// <summary>The type found in <paramref name="content"/> (seekable, read from the start), or null when it is none of ours.</summary>
    public static string? Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        Span<byte> head = stackalloc byte[5];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        if (read == 5 && head.SequenceEqual("%PDF-"u8)) { return Pdf; }
        if (read < 4 || !head[..4].SequenceEqual("PK\x03\x04"u8)) { return null; }
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > 0 && zip.Entries[0].FullName == "mimetype")
            {
                using var reader = new StreamReader(zip.Entries[0].Open());
                return reader.ReadToEnd().Trim() == Odt ? Odt : null;
            }
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (!names.Contains("[Content_Types].xml")) { return null; }
            return names.Contains("word/document.xml") ? Docx : names.Contains("xl/workbook.xml") ? Xlsx : null;
        }
        catch (InvalidDataException)
        {
            return null; // a damaged package is not a document
        }
        finally
        {
            content.Position = 0;
        }
    }
}
