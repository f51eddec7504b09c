using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ResolutionWorkflow.App;

/// <summary>A setting that is unknown, of the wrong type or out of range; the message is one line naming the key and what is allowed.</summary>
public sealed class SettingsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a configuration section into its options type and checks it at start: a key the type does
/// not have (a typo would otherwise be ignored), a value that does not convert, and the type's
/// validation attributes. A wrong value stops start-up instead of surfacing late or never.
/// </summary>
public static class Settings
{
    public static T Read<T>(IConfiguration configuration, string section) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var node = configuration.GetSection(section);
        if (Unknown(node, typeof(T)) is { } unknown)
        {
            throw new SettingsException($"{unknown.Path} is not a setting; {unknown.Parent} has {string.Join(", ", unknown.Known)}");
        }
        var options = new T();
        try
        {
            node.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the type: "Failed to convert configuration value 'x' at 'Deadlines:PollSeconds' to type 'System.Int32'."
            throw new SettingsException(e.Message, e);
        }
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            var member = first.MemberNames.FirstOrDefault();
            throw new SettingsException(member is null ? $"{section}: {first.ErrorMessage}" : $"{section}:{member}: {first.ErrorMessage}");
        }
        return options;
    }

    private sealed record UnknownKey(string Path, string Parent, IEnumerable<string> Known);

    /// <summary>The first key under <paramref name="node"/> that <paramref name="type"/> has no property for, looking into nested option objects.</summary>
    private static UnknownKey? Unknown(IConfigurationSection node, Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        foreach (var child in node.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null) { return new UnknownKey(child.Path, node.Path, properties.Select(p => p.Name)); }
            var t = property.PropertyType;
            var nested = t.IsClass && t != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(t);
            if (nested && Unknown(child, t) is { } deeper) { return deeper; }
        }
        return null;
    }
}
