using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>
/// The published application run as an operating-system process, as an operator runs it: with a
/// given environment and command line, its output kept in a log file; stopped with SIGTERM or killed with SIGKILL.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);
    private readonly Process _process;

    private AppProcess(string name, Process process, Uri address, string log)
    {
        Name = name;
        _process = process;
        Address = address;
        LogPath = log;
    }

    public string Name { get; }

    public Uri Address { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    /// <summary>The web host published once per test run (a copy step: the build is already done).</summary>
    public static Task<string> PublishedFolderAsync() => Published.Value;

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <c>dotnet ResolutionWorkflow.Web.dll</c> with <paramref name="arguments"/> and exactly
    /// <paramref name="environment"/> (plus what a process needs to find .NET); it listens on <paramref name="address"/>.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, Uri address, string logFolder)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var folder = await PublishedFolderAsync();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(folder, "ResolutionWorkflow.Web.dll"));
        foreach (var a in arguments) { info.ArgumentList.Add(a); }
        var inherited = info.Environment.Where(kv => kv.Key is "PATH" or "HOME" or "DOTNET_ROOT" or "TMPDIR").ToList();
        info.Environment.Clear();
        foreach (var (key, value) in inherited) { info.Environment[key] = value; }
        foreach (var (key, value) in environment) { info.Environment[key] = value; }
        Directory.CreateDirectory(logFolder);
        var log = Path.Combine(logFolder, $"{name}-{DateTime.UtcNow:HHmmss.fff}.log");
        var writer = new StreamWriter(log) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine("ERR " + e.Data); } } };
        process.Exited += (_, _) => { lock (writer) { writer.WriteLine($"-- exited {process.ExitCode}"); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(name, process, address, log);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 and returns its report; fails with the log's tail if the process exits or time runs out.</summary>
    public async Task<JsonElement> WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        string last = "no answer";
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) { Assert.Fail($"{Name} exited with {_process.ExitCode} before it was ready:\n{Tail()}"); }
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK) { return JsonDocument.Parse(last).RootElement.Clone(); }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"{Name} not ready after {timeout.TotalSeconds:0} s (last answer: {last}):\n{Tail()}");
        return default;
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks; what the process held is left to leases and redelivery.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) { return; }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a node; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) { await kill.WaitForExitAsync(); }
            using var cts = new CancellationTokenSource(timeout);
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { Assert.Fail($"{Name} did not stop within {timeout.TotalSeconds:0} s of SIGTERM:\n{Tail()}"); }
        }
        return _process.ExitCode;
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Repository.Root, "artifacts", "publish", "web");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (var a in new[] { "publish", Path.Combine("src", "ResolutionWorkflow.Web"), "-c", Configuration, "--no-build", "-o", output }) { info.ArgumentList.Add(a); }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) { throw new InvalidOperationException($"dotnet publish failed:\n{await stdout}\n{await stderr}"); }
        return output;
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
