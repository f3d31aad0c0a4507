using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Hosting.Configuration;

/// <summary>
/// Reports every key under the <c>ModelOps</c> section that no added package reads: a misspelt setting (with the closest known key
/// as a suggestion), a value given where a section is expected, or a section of a package that was not added. Registered as a
/// validator of <see cref="ModelOpsOptions"/>, so it runs at host start and on the first resolution of the registry.
/// </summary>
internal sealed class ModelOpsConfigurationValidator(ModelOpsConfigurationSource source) : IValidateOptions<ModelOpsOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOpsOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var sections = AddedSections();
        var failures = new List<string>();
        CheckObject(source.Section, typeof(ModelOpsOptions), string.Empty, sections, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The sections of the options classes registered in the container, by relative path.</summary>
    private Dictionary<string, Type> AddedSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var descriptor in source.Services.ToArray())
        {
            var type = descriptor.ServiceType;
            if (type.IsGenericType && !type.IsGenericTypeDefinition
                && (type.GetGenericTypeDefinition() == typeof(IValidateOptions<>) || type.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
                && OptionsSections.RelativePath(type.GenericTypeArguments[0]) is { Length: > 0 } relative)
            {
                sections[relative] = type.GenericTypeArguments[0];
            }
        }

        return sections;
    }

    private void CheckObject(IConfiguration section, Type type, string relative, Dictionary<string, Type> sections, List<string> failures)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var ownKeys = type.GetCustomAttribute<ModelOpsConfigurationKeysAttribute>()?.Keys ?? [];
        foreach (var child in section.GetChildren())
        {
            var childRelative = relative.Length == 0 ? child.Key : relative + ":" + child.Key;
            if (ownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                // Read and checked by the package itself (IModelOpsConfiguration), which names its own errors.
                continue;
            }

            if (sections.TryGetValue(childRelative, out var sectionType))
            {
                CheckObject(child, sectionType, childRelative, sections, failures);
                continue;
            }

            if (OptionsSections.PackageSections.TryGetValue(childRelative, out var package))
            {
                if (!sections.Keys.Any(s => s.StartsWith(childRelative + ":", StringComparison.OrdinalIgnoreCase)))
                {
                    failures.Add($"{source.FullPath(childRelative)} is set, but the package that reads it is not added: add {package}, or remove the section.");
                    continue;
                }

                CheckObject(child, typeof(object), childRelative, sections, failures);
                continue;
            }

            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var candidates = properties.Select(p => p.Name)
                    .Concat(sections.Keys.Concat(OptionsSections.PackageSections.Keys).Where(s => IsChildOf(s, relative)).Select(s => s[(relative.Length == 0 ? 0 : relative.Length + 1)..]));
                var suggestion = DidYouMean.Closest(child.Key, candidates);
                failures.Add(suggestion is null
                    ? $"{source.FullPath(childRelative)} is not a setting that ModelOps reads ({Describe(type, relative)}); remove it."
                    : $"{source.FullPath(childRelative)} is not a setting that ModelOps reads; did you mean {source.FullPath(relative.Length == 0 ? suggestion : relative + ":" + suggestion)}?");
                continue;
            }

            CheckValue(child, property.PropertyType, childRelative, sections, failures);
        }
    }

    private void CheckValue(IConfigurationSection section, Type type, string relative, Dictionary<string, Type> sections, List<string> failures)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            if (section.GetChildren().Any())
            {
                failures.Add($"{source.FullPath(relative)} takes a single value ({type.Name}), not a section; set it as \"{section.Key}\": value.");
            }

            return;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var item in section.GetChildren())
            {
                CheckValue(item, element, relative + ":" + item.Key, sections, failures);
            }

            return;
        }

        CheckObject(section, type, relative, sections, failures);
    }

    private static bool IsChildOf(string path, string parent) =>
        parent.Length == 0 ? !path.Contains(':', StringComparison.Ordinal)
            : path.StartsWith(parent + ":", StringComparison.OrdinalIgnoreCase) && !path[(parent.Length + 1)..].Contains(':', StringComparison.Ordinal);

    private string Describe(Type type, string relative) => type == typeof(object)
        ? $"the section {source.FullPath(relative)} holds only sub-sections"
        : $"{type.Name} has no such property";

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri)
        || (type != typeof(object) && !typeof(IEnumerable).IsAssignableFrom(type) && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)));

    /// <summary>The value type of a dictionary, or the element type of a collection; <see langword="null"/> for an object.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var generic = type.IsInterface && type.IsGenericType ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        var dictionary = generic.FirstOrDefault(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null)
        {
            return dictionary.GenericTypeArguments[1];
        }

        var enumerable = generic.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GenericTypeArguments[0];
    }
}
