using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ResolutionWorkflow.Engine.Json;

namespace ResolutionWorkflow.Engine.Texts;

/// <summary>
/// A document attached to a text version: its kind from the definition (explanatory note, annex…),
/// the file name the drafter gave, the media type found in its bytes, its size and SHA-256.
/// </summary>
public sealed record Attachment(string Kind, string Name, string MediaType, long Size, string Sha256);

/// <summary>
/// What a version's hash covers, and so what opinions and signatures bind to: its text and the
/// manifest of its attachments. A version with no attachments is its normalised text's UTF-8
/// bytes, exactly as before attachments existed (so every earlier hash and signature still
/// holds). A version with attachments is the canonical JSON object
/// <c>{"attachments":[{"kind","mediaType","name","sha256","size"}…],"text":…}</c>, attachments in
/// the order they were attached. These bytes are what a signer's own tool signs.
/// </summary>
public static class VersionContent
{
    public static byte[] Bytes(string normalisedText, IReadOnlyList<Attachment> attachments)
    {
        ArgumentNullException.ThrowIfNull(normalisedText);
        ArgumentNullException.ThrowIfNull(attachments);
        if (attachments.Count == 0) { return Encoding.UTF8.GetBytes(normalisedText); }
        var manifest = new JsonArray([.. attachments.Select(a => (JsonNode)new JsonObject
        {
            ["kind"] = a.Kind, ["name"] = a.Name, ["mediaType"] = a.MediaType, ["size"] = a.Size, ["sha256"] = a.Sha256,
        })]);
        return Encoding.UTF8.GetBytes(CanonicalJson.Serialize(new JsonObject { ["attachments"] = manifest, ["text"] = normalisedText }));
    }

    public static string Hash(string normalisedText, IReadOnlyList<Attachment> attachments) =>
        Convert.ToHexStringLower(SHA256.HashData(Bytes(normalisedText, attachments)));

    /// <summary>A file name as kept in the manifest: the last path segment, trimmed, in Unicode form C.</summary>
    public static string FileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var last = name.Replace('\\', '/').Split('/')[^1];
        return last.Trim().Normalize(NormalizationForm.FormC);
    }

    public static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static ImmutableArray<Attachment> None => [];
}
