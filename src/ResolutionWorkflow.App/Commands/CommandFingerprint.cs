using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResolutionWorkflow.App.Persistence;
using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.App.Commands;

/// <summary>
/// What a command asks, as a SHA-256: its type, resolution, actor and fields — not its id, not the
/// version it expects (a careful client repeats with a fresh If-Match), not the actor's roles and not
/// an opinion's official (both from the account, which may change between two tries of the same request),
/// and of a signature only its bytes.
/// </summary>
public static class CommandFingerprint
{
    public static string Of(ResolutionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var asked = command with { CommandId = Guid.Empty, ExpectedVersion = null, Actor = command.Actor with { Roles = ImmutableSortedSet<string>.Empty } };
        // Who the official is comes from their account, which may change between two tries; a signature's
        // evidence is derived from its bytes at the time of the check (the clock, the anchors): the bytes are what was asked.
        if (asked is RecordOpinion opinion) { asked = opinion with { Official = null }; }
        if (asked is Sign { Evidence: { } evidence } sign) { asked = sign with { Evidence = new SignatureEvidence("", "", "", "", default, "", evidence.Cms) }; }
        var json = command.GetType().Name + ":" + JsonSerializer.Serialize(asked, asked.GetType(), StateJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
