using System.Diagnostics;

namespace ResolutionWorkflow.Tests.Common;

/// <summary>rabbitmqctl on the test machine (where infra/test-services.sh ran): virtual hosts of their own for whole-application runs.</summary>
public static class RabbitCtl
{
    /// <summary>Runs <c>rabbitmqctl -q</c> with <paramref name="arguments"/>; throws with its error output if it fails, or a Win32Exception if it is not installed.</summary>
    public static async Task RunAsync(params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo("rabbitmqctl") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-q");
        foreach (var a in arguments) { info.ArgumentList.Add(a); }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) { throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)}: {await error}"); }
    }
}
