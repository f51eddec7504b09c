using System.Text;
using YamlDotNet.RepresentationModel;

namespace ResolutionWorkflow.Integration.Tests.Support;

/// <summary>
/// What a compose file gives each service: its command and its environment, with the file's
/// variables substituted as Compose does (<c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR:?error}</c>, <c>$$</c>).
/// </summary>
public sealed class ComposeFile
{
    private readonly YamlMappingNode _services;

    private ComposeFile(YamlMappingNode services) => _services = services;

    public static ComposeFile Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) { stream.Load(reader); }
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return new ComposeFile((YamlMappingNode)root.Children[new YamlScalarNode("services")]);
    }

    public IReadOnlyList<string> ServiceNames => [.. _services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];

    public Service this[string name]
    {
        get
        {
            var node = (YamlMappingNode)_services.Children[new YamlScalarNode(name)];
            string[] command = node.Children.TryGetValue(new YamlScalarNode("command"), out var c)
                ? [.. ((YamlSequenceNode)c).Children.Select(x => ((YamlScalarNode)x).Value!)]
                : [];
            var environment = node.Children.TryGetValue(new YamlScalarNode("environment"), out var e)
                ? ((YamlMappingNode)e).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "")
                : [];
            return new Service(name, command, environment);
        }
    }

    public sealed record Service(string Name, IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment)
    {
        /// <summary>The environment with <paramref name="variables"/> substituted; a required variable that is missing throws with the file's message.</summary>
        public Dictionary<string, string> EnvironmentWith(IReadOnlyDictionary<string, string> variables) =>
            Environment.ToDictionary(kv => kv.Key, kv => Interpolate(kv.Value, variables));
    }

    public static string Interpolate(string value, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(variables);
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '$' || i + 1 == value.Length) { result.Append(value[i]); continue; }
            if (value[i + 1] == '$') { result.Append('$'); i++; continue; }
            if (value[i + 1] != '{') { throw new FormatException($"only ${{VAR}} forms are used in the deployment files: {value}"); }
            var end = value.IndexOf('}', i);
            var expression = value[(i + 2)..end];
            i = end;
            var (name, op, argument) = expression.IndexOf(":-", StringComparison.Ordinal) is var d and >= 0 ? (expression[..d], ":-", expression[(d + 2)..])
                : expression.IndexOf(":?", StringComparison.Ordinal) is var q and >= 0 ? (expression[..q], ":?", expression[(q + 2)..])
                : (expression, "", "");
            var present = variables.TryGetValue(name, out var v) && v.Length > 0;
            result.Append(op switch
            {
                ":-" => present ? v : argument,
                ":?" => present ? v : throw new InvalidOperationException($"{name}: {argument}"),
                _ => present ? v : "",
            });
        }
        return result.ToString();
    }
}
