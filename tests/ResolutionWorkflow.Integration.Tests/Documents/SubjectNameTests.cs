using Org.BouncyCastle.Asn1.X509;
using ResolutionWorkflow.Documents.Signatures;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Documents;

/// <summary>
/// A certificate subject is taken as OpenSSL prints it — every print of one certificate names that
/// certificate's subject — and two subjects are compared attribute by attribute, never as text.
/// </summary>
public sealed class SubjectNameTests
{
    /// <summary>As a Russian qualified certificate of an official carries it: СНИЛС, ОГРН, ИНН; a comma, a slash, a plus, an equals sign and «» inside values. (OpenSSL 3.0 does not know ИНН ЮЛ by name.)</summary>
    private const string Qualified = "/C=RU/ST=77 г. Москва/L=Москва/O=Министерство финансов Российской Федерации/OU=Отдел «А\\/Б» \\+ № 1, 2 = два/title=Министр, член Правительства/"
        + "CN=Иванов Иван Иванович/SN=Иванов/GN=Иван Иванович/SNILS=12345678901/OGRN=1037739085636/INN=007710168360";

    [Theory]
    [InlineData(null)] // OpenSSL's default: " = ", UTF-8 as \D0\9C, values with a comma quoted
    [InlineData("RFC2253")] // reversed, "\," escaped
    [InlineData("oneline")]
    [InlineData("utf8,sep_comma_plus_space,space_eq")] // plain Cyrillic, the comma in a value unescaped
    [InlineData("compat")] // /C=RU/O=\xD0\x9C…
    [InlineData("oneline,oid")] // every attribute by number: 2.5.4.6 = RU, 1.2.643.100.3 = …
    [InlineData("multiline")] // one a line, \U041C
    public void Every_way_openssl_prints_a_qualified_certificates_subject_names_that_subject(string? nameOptions)
    {
        using var openssl = OpenSsl.Require();
        openssl.Run("req", "-x509", "-newkey", "gost2012_256", "-pkeyopt", "paramset:A", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "30", "-utf8", "-subj", Qualified);
        var certificate = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(File.ReadAllBytes(openssl.PathOf("c.pem")));
        var printed = openssl.Subject("c.pem", nameOptions);

        Assert.True(SubjectName.TryParse(printed, out var name, out var error), $"{printed}: {error}");
        Assert.True(SubjectName.Same(certificate.SubjectDN, name), $"{printed} read as {SubjectName.Print(name)}, not {SubjectName.Print(certificate.SubjectDN)}");
        // Stored as the product prints it, the subject reads back the same, the Russian attributes by name.
        var stored = SubjectName.Print(name);
        Assert.Contains("SNILS=12345678901", stored, StringComparison.Ordinal);
        Assert.Contains("INN=007710168360", stored, StringComparison.Ordinal);
        Assert.True(SubjectName.Same(certificate.SubjectDN, SubjectName.Parse(stored)), stored);
        Assert.Equal(["Иванов Иван Иванович"], SubjectName.CommonNames(stored));
    }

    [Theory]
    [InlineData("C=RU, O=Правительство Российской Федерации, CN=Мишустин Михаил Владимирович, SNILS=12345678901", true)]
    [InlineData("SNILS=12345678901,CN=Мишустин Михаил Владимирович,O=Правительство Российской Федерации,C=RU", true)] // another order
    [InlineData("c = ru ; o = правительство  российской федерации ; cn = МИШУСТИН Михаил Владимирович ; 1.2.643.100.3 = 12345678901", true)] // case, spaces, by number
    [InlineData("C=RU, O=Правительство Российской Федерации, CN=Мишустин Михаил Владимирович, SNILS=12345678902", false)] // another СНИЛС
    [InlineData("C=RU, O=Правительство Российской Федерации, CN=Мишустин Михаил Владимирович", false)] // an attribute missing
    [InlineData("C=RU, O=Правительство Российской Федерации, CN=Мишустин Михаил Владимирович, SNILS=12345678901, INN=007710168360", false)] // one more
    [InlineData("C=RU, O=Правительство Российской Федерации, CN=Мишустин Михаил, SNILS=12345678901", false)] // a text that contains the other's value is not it
    [InlineData("C=RU, O=Правительство Российской Федерации, CN=Мишустин Михаил Владимирович, SNILS=#120b3132333435363738393031", true)] // RFC 4514's BER in hex (a NumericString)
    public void Subjects_are_compared_attribute_by_attribute_not_as_text(string other, bool same)
    {
        var registered = SubjectName.Parse("CN=Мишустин Михаил Владимирович, O=Правительство Российской Федерации, C=RU, SNILS=12345678901");
        Assert.Equal(same, SubjectName.Same(registered, SubjectName.Parse(other)));
    }

    [Theory]
    [InlineData("CN=a\\, b, O=c")]
    [InlineData("CN=ООО \"Ромашка\", O=c")]
    [InlineData("CN=\"a, b + c\", O=d")]
    [InlineData("CN=back\\\\slash, O=plus\\+sign")]
    [InlineData("CN=\\#not hex, C=RU")]
    [InlineData("CN=x+SN=y, C=RU")] // a multi-valued name, read attribute by attribute
    [InlineData("CN=x, INNLE=7710168360, OGRNIP=304500116000157")]
    [InlineData("CN=x, 1.2.643.100.4=7710168360")]
    public void What_the_product_stores_reads_back_as_the_same_subject(string text)
    {
        var name = SubjectName.Parse(text);
        var stored = SubjectName.Print(name);
        Assert.True(SubjectName.Same(name, SubjectName.Parse(stored)), $"{text} → {stored}");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("subject=", "empty")]
    [InlineData("не имя", "is not NAME=value")]
    [InlineData("CN", "is not NAME=value")]
    [InlineData("FOO=bar", "'FOO' is not an attribute")]
    [InlineData("1.2.x=bar", "'1.2.x' is not an attribute")]
    [InlineData("CN=", "CN has no value")]
    [InlineData("C=RU, CN=Иванов Иван, SNILS=12345678901\\", "ends in a backslash")]
    [InlineData("CN=\\FF\\FE", "not UTF-8")]
    [InlineData("CN=\\UD800", "broken character")]
    [InlineData("CN=#zz", "BER encoding in hex")]
    [InlineData("CN=#3003020101", "BER encoding in hex")] // a SEQUENCE, not a string
    public void What_is_not_a_subject_is_named(string text, string expected)
    {
        Assert.False(SubjectName.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_text_makes_an_exception()
    {
        const string alphabet = "CNO=SNILS,+;/\\\"# xX0123456789DFabcЁё\n\t\uD800.=";
        var random = new Random(31);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var k = 0; k < chars.Length; k++) { chars[k] = alphabet[random.Next(alphabet.Length)]; }
            var text = new string(chars);
            var parsed = SubjectName.TryParse(text, out var name, out var error);
            Assert.True(parsed ? name is not null : error.Length > 0, text);
            if (parsed) { Assert.True(SubjectName.Same(name, SubjectName.Parse(SubjectName.Print(name))), text); }
        }
        Assert.False(SubjectName.TryParse(new string('a', 5000), out _, out var tooLong));
        Assert.Contains("longer than 4000", tooLong, StringComparison.Ordinal);
    }
}
