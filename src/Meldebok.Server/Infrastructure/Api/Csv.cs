using System.Text;

namespace Meldebok.Server.Infrastructure.Api;

/// <summary>
/// CSV files for Norwegian spreadsheets: semicolon-separated, CRLF line ends, UTF-8 with a byte order mark (without it
/// Excel reads æøå wrongly).
/// </summary>
internal static class Csv
{
    /// <summary>
    /// A text field, always quoted with inner quotes doubled; a leading <c>= + - @</c> is prefixed with an
    /// apostrophe so that a spreadsheet never runs a name as a formula.
    /// </summary>
    public static string Text(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The file's bytes: the UTF-8 byte order mark, then the text.</summary>
    public static byte[] Utf8WithBom(StringBuilder csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
}
