using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.OpenSsl;
using ResolutionWorkflow.App.Documents;
using ResolutionWorkflow.Documents.Packages;
using ResolutionWorkflow.Integration.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Documents;

/// <summary>
/// The act as signed in one archive: verified offline (the library and the CLI) with the trust
/// anchors alone; one byte changed in any file of it, and the verification names what broke.
/// </summary>
[Collection(HostedAppTests.Name)]
public sealed class ActPackageTests
{
    /// <summary>A CMS-signed act with an annex, as the page's "package" link gives it.</summary>
    private static async Task<byte[]> SignedPackage(bool registered = false)
    {
        var annex = AnnexBytes();
        var (host, r) = await CmsSigningTests.AtSigning(async (h, c) =>
        {
            var stored = await h.Services.GetRequiredService<AttachmentStore>().StoreAsync(new MemoryStream(annex), "Положение.pdf", CancellationToken.None);
            await c.Accept(c.Attach(new Engine.Texts.Attachment("annex", "Положение.pdf", stored.MediaType, stored.Size, stored.Sha256)));
        });
        await using var _ = host;
        var content = await CmsSigningTests.ContentOf(host, r.Id);
        var now = host.Clock.GetUtcNow();
        Assert.NotNull((await CmsSigningTests.Sign(host, r, Actors.PrimeMinisterBelarus, TestPki.Issue(CmsSigningTests.BelarusCa, CmsSigningTests.BelarusSubject, KeyKind.Gost256).Sign(content, now))).Accepted);
        Assert.NotNull((await CmsSigningTests.Sign(host, r, Actors.PrimeMinisterRussia, TestPki.Issue(CmsSigningTests.RussiaCa, CmsSigningTests.RussiaSubject, KeyKind.Gost512).Sign(content, now))).Accepted);
        if (registered) { await r.Accept(r.RegisterAs("15")); }
        var package = new MemoryStream();
        Assert.True(await host.Services.GetRequiredService<ActPackageExport>().WriteAsync(r.Id, package, CancellationToken.None));
        return package.ToArray();
    }

    private static byte[] AnnexBytes()
    {
        var bytes = new byte[50_000];
        new Random(7).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static readonly Org.BouncyCastle.X509.X509Certificate[] Anchors = [CmsSigningTests.BelarusCa.Certificate, CmsSigningTests.RussiaCa.Certificate];

    private static IReadOnlyList<string> Verify(byte[] package) => ActPackageVerifier.Verify(new MemoryStream(package), Anchors);

    /// <summary>The same archive with one byte of one file changed.</summary>
    private static byte[] WithByteChanged(byte[] package, string file, int at)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var read = entry.Open();
                var bytes = new MemoryStream();
                read.CopyTo(bytes);
                var data = bytes.ToArray();
                if (entry.FullName == file) { data[at % data.Length] ^= 0x01; }
                using var write = target.CreateEntry(entry.FullName).Open();
                write.Write(data);
            }
        }
        return output.ToArray();
    }

    [Fact]
    public async Task A_signed_acts_package_verifies_offline_and_one_changed_byte_in_any_file_is_named()
    {
        var package = await SignedPackage();
        Assert.Empty(Verify(package));

        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var files = zip.Entries.Select(e => (e.FullName, e.Length)).ToList();
        Assert.Equal(["attachments/01-Положение.pdf", "certificates/01.cer", "certificates/02.cer", "journal.jsonl", "manifest.json", "signatures/01.p7s", "signatures/02.p7s", "text.txt"],
            files.Select(f => f.FullName).Order(StringComparer.Ordinal));
        foreach (var (file, length) in files)
        {
            foreach (var at in new[] { 0L, length / 2, length - 2 })
            {
                var failures = Verify(WithByteChanged(package, file, (int)at));
                Assert.True(failures.Count > 0, $"a byte changed at {at} in {file} went unnoticed");
                Assert.True(failures.Any(f => f.Contains(file, StringComparison.Ordinal)), $"{file} at {at}: {string.Join(" | ", failures)}");
            }
        }
        // Without the anchors the signatures' chains cannot be checked, and it says so.
        Assert.Contains(ActPackageVerifier.Verify(new MemoryStream(package), []), f => f.Contains("no trust anchors", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cli_verifies_a_package_with_the_anchors_given_and_exits_1_naming_a_failure()
    {
        var package = await SignedPackage();
        var folder = Path.Combine(Path.GetTempPath(), "rw-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var (good, bad) = (Path.Combine(folder, "act.zip"), Path.Combine(folder, "changed.zip"));
        await File.WriteAllBytesAsync(good, package);
        await File.WriteAllBytesAsync(bad, WithByteChanged(package, "text.txt", 10));
        var anchors = Path.Combine(folder, "anchors");
        Directory.CreateDirectory(anchors);
        foreach (var (name, ca) in new[] { ("by.pem", CmsSigningTests.BelarusCa), ("ru.pem", CmsSigningTests.RussiaCa) })
        {
            await using var pem = new StreamWriter(Path.Combine(anchors, name));
            new PemWriter(pem).WriteObject(ca.Certificate);
        }

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await Cli.CommandLine.RunAsync(["act", "verify", good, "--anchors", anchors], output, error));
        Assert.Contains("verify", output.ToString(), StringComparison.Ordinal);

        output = new StringWriter();
        Assert.Equal(1, await Cli.CommandLine.RunAsync(["act", "verify", bad, "--anchors", anchors], output, error));
        Assert.Contains("FAILED text.txt", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_acts_package_cites_the_act_as_the_journal_records_it_and_a_changed_number_is_named()
    {
        var package = await SignedPackage(registered: true);
        Assert.Empty(Verify(package));
        var manifest = ReadManifest(package);
        // A package written before manifests said each signature's time and its source (format 1) still verifies.
        Assert.Empty(Verify(WithManifest(package, manifest with
        {
            Format = PackageManifest.FirstFormat,
            Signatures = [.. manifest.Signatures.Select(s => s with { SigningTime = null, TimeFrom = null, TimeStampAuthority = null })],
        })));
        Assert.Equal("15", manifest.Act!.Number);
        Assert.NotNull(manifest.Act.Date);
        Assert.StartsWith("Постановление Совета Министров Союзного государства от ", manifest.Act.Citation, StringComparison.Ordinal);
        Assert.EndsWith(" № 15", manifest.Act.Citation, StringComparison.Ordinal);
        Assert.EndsWith(" No. 15", manifest.Act.CitationEn, StringComparison.Ordinal);

        // A manifest that cites another number than the journal registered is named, the archive otherwise intact.
        var forged = WithManifest(package, manifest with { Act = manifest.Act with { Number = "16", Citation = manifest.Act.Citation.Replace("№ 15", "№ 16", StringComparison.Ordinal) } });
        Assert.Contains("manifest.json: the act's number, year or date differs from what the journal records", Verify(forged));
        foreach (var other in new[] { "№ 51", "№ 151" })
        {
            var recited = WithManifest(package, manifest with { Act = manifest.Act with { Citation = manifest.Act.Citation.Replace("№ 15", other, StringComparison.Ordinal) } });
            Assert.Contains("manifest.json: the act's citation differs from what the journal records", Verify(recited));
        }
        Assert.Contains("manifest.json does not cite the act the journal dates or registers", Verify(WithManifest(package, manifest with { Act = null })));
    }

    private static readonly System.Text.Json.JsonSerializerOptions ManifestJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static PackageManifest ReadManifest(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var stream = zip.GetEntry(ActPackage.ManifestFile)!.Open();
        return System.Text.Json.JsonSerializer.Deserialize<PackageManifest>(stream, ManifestJson)!;
    }

    /// <summary>The same archive with another manifest.</summary>
    private static byte[] WithManifest(byte[] package, PackageManifest manifest)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var write = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName == ActPackage.ManifestFile) { System.Text.Json.JsonSerializer.Serialize(write, manifest, ManifestJson); }
                else { using var read = entry.Open(); read.CopyTo(write); }
            }
        }
        return output.ToArray();
    }
}
