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
    private static async Task<byte[]> SignedPackage()
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
}
