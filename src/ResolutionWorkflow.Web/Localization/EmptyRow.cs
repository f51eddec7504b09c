using Microsoft.AspNetCore.Html;

namespace ResolutionWorkflow.Web.Localization;

/// <summary>A table with no rows says so, in the reader's language, instead of showing bare headings.</summary>
public static class EmptyRow
{
    public static IHtmlContent IfEmpty<T>(this HttpContext context, IEnumerable<T> rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Any()) { return HtmlString.Empty; }
        // The text is encoded when the page is written, by the page's own encoder.
        return new HtmlContentBuilder().AppendHtml($"<tr class=\"empty\"><td colspan=\"{columns}\">").Append(context.T("No entries.")).AppendHtml("</td></tr>");
    }
}
