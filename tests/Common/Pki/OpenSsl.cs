using System.Diagnostics;
using Xunit;

namespace ResolutionWorkflow.Tests.Common;

/// <summary>
/// The independent signer: the <c>openssl</c> command of the machine, with Debian's GOST engine
/// (<c>libengine-gost-openssl</c>) loaded through a configuration of its own, working in a folder of
/// its own. A test that needs it skips with the reason when it is absent, unless RW_REQUIRE_SERVERS=1.
/// </summary>
public sealed class OpenSsl : IDisposable
{
    private const string Engine = "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";

    private readonly string _config;

    private OpenSsl(string folder)
    {
        Folder = folder;
        _config = Path.Combine(folder, "openssl.cnf");
        // The engine for every command (req, ca, cms, ts), and the sections `openssl ca` and `openssl ts` read.
        File.WriteAllText(_config, $"""
            openssl_conf = openssl_init
            [openssl_init]
            engines = engines
            [engines]
            gost = gost
            [gost]
            engine_id = gost
            dynamic_path = {Engine}
            default_algorithms = ALL
            [req]
            distinguished_name = dn
            utf8 = yes
            string_mask = utf8only
            [dn]
            """);
    }

    public string Folder { get; }

    /// <summary>An openssl that can make GOST R 34.10-2012 keys, or a skip (a failure in CI) naming what is missing.</summary>
    public static OpenSsl Require()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rw-openssl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var openssl = new OpenSsl(folder);
        string? missing = null;
        try
        {
            if (!File.Exists(Engine)) { missing = $"OpenSSL's GOST engine is not installed ({Engine}; apt-get install libengine-gost-openssl)"; }
            else { openssl.Run("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", "probe.key"); }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            missing = $"openssl with the GOST engine does not run here: {e.Message}";
        }
        if (missing is null) { return openssl; }
        openssl.Dispose();
        if (Environment.GetEnvironmentVariable("RW_REQUIRE_SERVERS") == "1") { Assert.Fail(missing + " — RW_REQUIRE_SERVERS=1 forbids skipping"); }
        Assert.Skip(missing);
        return null!;
    }

    public string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>Runs <c>openssl</c> in the folder; its standard output, or an exception with the command and what it printed.</summary>
    public string Run(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var arg in args) { start.ArgumentList.Add(arg); }
        start.Environment["OPENSSL_CONF"] = _config;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) { throw new InvalidOperationException($"openssl {string.Join(' ', args)} exited {process.ExitCode}: {error.Trim()}"); }
        return output.Result;
    }

    /// <summary>The subject of a certificate as <c>openssl x509 -noout -subject</c> prints it with these name options (none: OpenSSL's default).</summary>
    public string Subject(string certificate, string? nameOptions = null)
    {
        string[] args = nameOptions is null ? ["x509", "-in", certificate, "-noout", "-subject"] : ["x509", "-in", certificate, "-noout", "-subject", "-nameopt", nameOptions];
        return Run(args).TrimEnd('\n');
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) { Directory.Delete(Folder, recursive: true); }
    }
}
