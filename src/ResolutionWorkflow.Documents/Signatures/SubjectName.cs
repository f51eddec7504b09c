using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace ResolutionWorkflow.Documents.Signatures;

/// <summary>
/// A certificate subject as an administrator copies it: as OpenSSL prints it by default
/// (<c>C = RU, O = \D0\9C…, CN = …, SNILS = …</c>, values quoted when they hold a comma), with
/// <c>-nameopt RFC2253</c> (reversed, escaped), <c>utf8</c> (plain Cyrillic, commas unescaped) or
/// <c>compat</c> (<c>/C=RU/O=\xD0\x9C…</c>), <c>multiline</c> (one a line, <c>\U041C</c>), or as RFC 4514 writes it. The attributes of Russian
/// qualified certificates (СНИЛС, ОГРН, ОГРНИП, ИНН, ИНН ЮЛ) are known by OpenSSL's names or by number.
/// Two subjects are the same when they carry the same attributes with the same values, in any order,
/// regardless of case and spacing — never compared as text.
/// </summary>
public static class SubjectName
{
    /// <summary>Order 21 of the FSB of Russia (27.12.2011 No. 795) names these attributes; OpenSSL 3 knows them by these names.</summary>
    private static readonly (string Name, DerObjectIdentifier Oid)[] Russian =
    [
        ("SNILS", new("1.2.643.100.3")),
        ("OGRN", new("1.2.643.100.1")),
        ("OGRNIP", new("1.2.643.100.5")),
        ("INN", new("1.2.643.3.131.1.1")),
        ("INNLE", new("1.2.643.100.4")),
    ];

    private static readonly Dictionary<string, DerObjectIdentifier> Lookup = BuildLookup();
    private static readonly Dictionary<DerObjectIdentifier, string> Symbols = BuildSymbols();

    private static Dictionary<string, DerObjectIdentifier> BuildLookup()
    {
        var lookup = new Dictionary<string, DerObjectIdentifier>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, oid) in X509Name.DefaultLookup) { lookup[name] = oid; }
        foreach (var (name, oid) in Russian) { lookup[name] = oid; }
        // OpenSSL's long names of the attributes it prints by short name.
        lookup["countryName"] = X509Name.C;
        lookup["organizationName"] = X509Name.O;
        lookup["organizationalUnitName"] = X509Name.OU;
        lookup["commonName"] = X509Name.CN;
        lookup["localityName"] = X509Name.L;
        lookup["stateOrProvinceName"] = X509Name.ST;
        lookup["streetAddress"] = X509Name.Street;
        lookup["surname"] = X509Name.Surname;
        lookup["givenName"] = X509Name.GivenName;
        lookup["GN"] = X509Name.GivenName;
        lookup["title"] = X509Name.T;
        lookup["serialNumber"] = X509Name.SerialNumber;
        lookup["emailAddress"] = X509Name.EmailAddress;
        lookup["postalCode"] = X509Name.PostalCode;
        lookup["pseudonym"] = X509Name.Pseudonym;
        lookup["initials"] = X509Name.Initials;
        lookup["generationQualifier"] = X509Name.Generation;
        lookup["dnQualifier"] = X509Name.DnQualifier;
        lookup["domainComponent"] = X509Name.DC;
        lookup["userId"] = X509Name.UID;
        return lookup;
    }

    private static Dictionary<DerObjectIdentifier, string> BuildSymbols()
    {
        var symbols = new Dictionary<DerObjectIdentifier, string>();
        foreach (var (oid, name) in X509Name.DefaultSymbols) { symbols[oid] = name; }
        foreach (var (name, oid) in Russian) { symbols[oid] = name; }
        return symbols;
    }

    /// <summary>The subject, or a sentence saying what in <paramref name="text"/> is not a subject.</summary>
    public static bool TryParse(string? text, out X509Name name, out string error)
    {
        name = null!;
        error = "";
        var s = (text ?? "").Trim();
        // "subject=…", as `openssl x509 -noout -subject` prints it, is taken as it is copied.
        if (s.StartsWith("subject", StringComparison.OrdinalIgnoreCase) && s.Length > 7 && s[7] is '=' or ':') { s = s[8..].Trim(); }
        if (s.Length == 0) { error = "the subject is empty"; return false; }
        if (s.Length > 4000) { error = "the subject is longer than 4000 characters"; return false; }

        // One attribute a line (OpenSSL's multiline print), the compat form's slashes, or RFC 4514's commas.
        // A lone backslash at the end escapes nothing: taken as it is, it would swallow the last attribute.
        if ((s.Length - s.TrimEnd('\\').Length) % 2 == 1) { error = "the subject ends in a backslash that escapes nothing"; return false; }
        var multiline = s.Contains('\n', StringComparison.Ordinal);
        var (body, separators) = multiline ? (s, new[] { '\n' }) : s[0] == '/' ? (s[1..], ['/']) : (s, [',', ';', '+']);
        if (!TrySplit(body, separators, out var components, out error)) { return false; }
        var oids = new List<DerObjectIdentifier>();
        var values = new List<string>();
        foreach (var component in components)
        {
            var eq = IndexOfUnescaped(component, '=');
            var key = component[..eq].Trim();
            if (!TryOid(key, out var oid)) { error = $"'{key}' is not an attribute of a certificate subject (C, O, OU, CN, SN, G, T, L, ST, STREET, E, SNILS, OGRN, OGRNIP, INN, INNLE or a number such as 1.2.643.100.3)"; return false; }
            if (!TryValue(component[(eq + 1)..], multiline, out var value, out error)) { error = $"{key}: {error}"; return false; }
            if (value.Length == 0) { error = $"{key} has no value"; return false; }
            oids.Add(oid);
            // BouncyCastle reads a value opening with '#' as BER in hex and drops one leading backslash: this one is text.
            values.Add(value[0] is '#' or '\\' ? "\\" + value : value);
        }
        if (oids.Count == 0) { error = "the subject names no attribute (such as CN=…)"; return false; }
        try
        {
            name = new X509Name(oids, values);
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message; // a value BouncyCastle cannot encode for its attribute (a country not of two letters, a '#' not followed by hex)
            return false;
        }
    }

    /// <summary>Parses, or throws <see cref="FormatException"/> with the reason.</summary>
    public static X509Name Parse(string text) => TryParse(text, out var name, out var error) ? name : throw new FormatException(error);

    /// <summary>As the product stores and shows a subject: RFC 4514 escaping, the certificate's order, Russian attributes by name.</summary>
    public static string Print(X509Name name) => (name ?? throw new ArgumentNullException(nameof(name))).ToString(false, Symbols);

    /// <summary>The same attributes with the same values, in any order; case and runs of spaces do not count.</summary>
    public static bool Same(X509Name a, X509Name b) => (a ?? throw new ArgumentNullException(nameof(a))).Equivalent(b, false);

    /// <summary>The common names of a stored subject (none if it does not parse).</summary>
    public static IReadOnlyList<string> CommonNames(string? text) => TryParse(text, out var name, out _) ? [.. name.GetValueList(X509Name.CN)] : [];

    private static bool TryOid(string key, out DerObjectIdentifier oid)
    {
        oid = null!;
        if (key.StartsWith("OID.", StringComparison.OrdinalIgnoreCase)) { key = key[4..]; }
        if (key.Length > 0 && char.IsAsciiDigit(key[0]))
        {
            if (!DerObjectIdentifier.TryFromID(key, out oid)) { return false; }
            return true;
        }
        return Lookup.TryGetValue(key, out oid!);
    }

    /// <summary>
    /// Splits at unquoted, unescaped separators — but only where a new attribute follows (<c>NAME =</c>):
    /// OpenSSL's utf8 print leaves a comma inside a value unescaped, and a compat print a slash.
    /// </summary>
    private static bool TrySplit(string s, char[] separators, out List<string> components, out string error)
    {
        components = [];
        error = "";
        var start = 0;
        var quoted = false;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i < s.Length)
            {
                var c = s[i];
                if (c == '\\') { i++; continue; }
                // A quotation opens only a whole value (after '='); elsewhere it is a character of the value (ООО "Ромашка").
                if (c == '"' && (quoted || s[..i].TrimEnd().EndsWith('='))) { quoted = !quoted; continue; }
                if (quoted || Array.IndexOf(separators, c) < 0 || !StartsAttribute(s, i + 1)) { continue; }
            }
            var part = s[start..Math.Min(i, s.Length)];
            if (IndexOfUnescaped(part, '=') < 0)
            {
                error = $"'{part.Trim()}' is not NAME=value";
                return false;
            }
            components.Add(part);
            start = i + 1;
        }
        return true;
    }

    private static bool StartsAttribute(string s, int from)
    {
        var eq = s.IndexOf('=', from);
        if (eq < 0) { return false; }
        var key = s[from..eq].Trim();
        return key.Length > 0 && TryOid(key, out _);
    }

    private static int IndexOfUnescaped(string s, char wanted)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == wanted) { return i; }
        }
        return -1;
    }

    /// <summary>
    /// A value: surrounding spaces dropped, quotes removed, backslash escapes undone — a special
    /// character (<c>\,</c>), a hex pair of UTF-8 (<c>\D0\9C</c>, RFC 4514 and OpenSSL's default) or
    /// OpenSSL's compat form (<c>\xD0\x9C</c>).
    /// </summary>
    private static bool TryValue(string raw, bool multiline, out string value, out string error)
    {
        value = "";
        error = "";
        var s = raw.Trim();
        if (s.StartsWith('#')) { return TryEncodedValue(s[1..], out value, out error); }
        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"') { s = s[1..^1]; }
        var bytes = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                // OpenSSL's multiline print writes characters, not UTF-8: \XX (up to U+00FF), \UXXXX, \WXXXXXXXX.
                var digits = s[i + 1] switch { 'U' => 4, 'W' => 8, _ => multiline ? 2 : 0 };
                var from = s[i + 1] is 'U' or 'W' ? i + 2 : i + 1;
                if (digits > 0 && from + digits <= s.Length && s.AsSpan(from, digits).ContainsAnyExcept(HexDigits) is false)
                {
                    var code = Convert.ToInt32(s.Substring(from, digits), 16);
                    if (!Rune.IsValid(code)) { error = "it holds a broken character"; return false; }
                    var length = new Rune(code).EncodeToUtf8(utf8);
                    for (var k = 0; k < length; k++) { bytes.Add(utf8[k]); }
                    i = from + digits - 1;
                    continue;
                }
                var hexAt = s[i + 1] is 'x' or 'X' && i + 3 < s.Length && IsHexPair(s, i + 2) ? i + 2 : IsHexPair(s, i + 1) ? i + 1 : -1;
                if (hexAt > 0)
                {
                    bytes.Add(Convert.ToByte(s.Substring(hexAt, 2), 16));
                    i = hexAt + 1;
                    continue;
                }
                c = s[++i];
            }
            if (!Rune.TryGetRuneAt(s, i, out var rune)) { error = "it holds a broken character"; return false; }
            if (rune.Utf16SequenceLength == 2) { i++; }
            var n = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < n; k++) { bytes.Add(utf8[k]); }
        }
        try
        {
            value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = "its escaped bytes are not UTF-8";
            return false;
        }
    }

    /// <summary>RFC 4514's <c>#</c> form: the attribute's BER encoding in hex, taken when it is a string.</summary>
    private static bool TryEncodedValue(string hex, out string value, out string error)
    {
        value = "";
        error = "a value opening with # must be a string's BER encoding in hex (or escape it: \\#)";
        if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit)) { return false; }
        try
        {
            if (Asn1Object.FromByteArray(Convert.FromHexString(hex)) is not IAsn1String text) { return false; }
            value = text.GetString();
            return true;
        }
        catch (IOException) { return false; }
        catch (ArgumentException) { return false; }
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static bool IsHexPair(string s, int at) => at + 1 < s.Length && char.IsAsciiHexDigit(s[at]) && char.IsAsciiHexDigit(s[at + 1]);
}
