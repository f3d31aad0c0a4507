using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>Maps the input and output types onto the graph, once per type pair; all reflection happens here.</summary>
internal sealed partial class OnnxPredictor<TInput, TOutput>
{
    /// <summary>The suffix ML.NET's ONNX export gives every graph output (<c>Score.output</c>).</summary>
    private const string MLNetOutputSuffix = ".output";

    public static OnnxPredictor<TInput, TOutput> Create(InferenceSession session, ModelVersion version, bool allowNonFiniteInputs)
    {
        var target = new ScoringTarget(version.ModelName, version.Version, allowNonFiniteInputs);
        var feeds = MapInputs(session, target);
        var reads = MapOutputs(session, target);
        var createOutput = MemberAccessors.Constructor<TOutput>()
            ?? throw Mismatch(target, typeof(TOutput).Name, $"the output type {typeof(TOutput).FullName} needs a public parameterless constructor");
        return new OnnxPredictor<TInput, TOutput>(session, target, feeds, reads, createOutput);
    }

    private static InputFeed<TInput>[] MapInputs(InferenceSession session, ScoringTarget target)
    {
        var members = MembersByTensorName(typeof(TInput), target, writable: false);
        var feeds = new List<InputFeed<TInput>>();
        var provided = 0;
        foreach (var name in session.InputNames)
        {
            var metadata = session.InputMetadata[name];
            if (!members.Remove(name, out var member))
            {
                feeds.Add(DefaultFeed(name, metadata, target));
                continue;
            }

            feeds.Add(BoundFeed(name, metadata, member, target));
            provided++;
        }

        if (members.Count > 0)
        {
            var (tensor, member) = members.First();
            throw Mismatch(target, member.Name, $"the graph has no input named '{tensor}' (its inputs are {Names(session.InputNames)})");
        }

        if (provided == 0 && session.InputNames.Count > 0)
        {
            throw Mismatch(target, typeof(TInput).Name, $"the input type {typeof(TInput).FullName} provides none of the graph's inputs ({Names(session.InputNames)})");
        }

        return [.. feeds];
    }

    private static OutputRead<TOutput>[] MapOutputs(InferenceSession session, ScoringTarget target)
    {
        var members = MembersByTensorName(typeof(TOutput), target, writable: true);
        var reads = new List<OutputRead<TOutput>>();
        foreach (var (key, member) in members)
        {
            var tensor = session.OutputNames.FirstOrDefault(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase))
                ?? session.OutputNames.FirstOrDefault(n => string.Equals(n, key + MLNetOutputSuffix, StringComparison.OrdinalIgnoreCase))
                ?? throw Mismatch(target, member.Name, $"the graph has no output named '{key}' or '{key}{MLNetOutputSuffix}' (its outputs are {Names(session.OutputNames)})");
            reads.Add(BoundRead(tensor, session.OutputMetadata[tensor], member, target));
        }

        if (reads.Count == 0)
        {
            throw Mismatch(target, typeof(TOutput).Name, $"the output type {typeof(TOutput).FullName} has no public settable property or field to receive an output");
        }

        return [.. reads];
    }

    private static Dictionary<string, MemberInfo> MembersByTensorName(Type type, ScoringTarget target, bool writable)
    {
        var result = new Dictionary<string, MemberInfo>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<MemberInfo> members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (writable ? p.SetMethod?.IsPublic == true : p.GetMethod?.IsPublic == true))
            .Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => !writable || !f.IsInitOnly));
        foreach (var member in members)
        {
            var name = member.GetCustomAttribute<OnnxTensorAttribute>()?.Name ?? MLNetColumnName(member) ?? member.Name;
            if (!result.TryAdd(name, member))
            {
                throw Mismatch(target, member.Name, $"both '{result[name].Name}' and '{member.Name}' map to tensor '{name}'");
            }
        }

        return result;
    }

    /// <summary>
    /// Reads ML.NET's <c>[ColumnName("...")]</c> without referencing ML.NET (matched by the attribute's full type name), so the
    /// classes an ML.NET model is scored with score its ONNX export unchanged.
    /// </summary>
    private static string? MLNetColumnName(MemberInfo member)
    {
        var attribute = member.GetCustomAttributes(inherit: true)
            .FirstOrDefault(a => a.GetType().FullName == "Microsoft.ML.Data.ColumnNameAttribute");
        if (attribute is null)
        {
            return null;
        }

        // ML.NET keeps the name in a non-public field; read a property too in case a later version exposes one.
        const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var type = attribute.GetType();
        return type.GetProperty("Name", Any)?.GetValue(attribute) as string ?? type.GetField("Name", Any)?.GetValue(attribute) as string;
    }

    private static InputFeed<TInput> DefaultFeed(string name, NodeMetadata metadata, ScoringTarget target)
    {
        if (!metadata.IsTensor || OnnxSignatureReader.ClrType(metadata.ElementDataType) is null)
        {
            throw Mismatch(target, name, $"graph input '{name}' ({OnnxSignatureReader.DataType(metadata)}) is not provided by {typeof(TInput).Name}, and only float32, float64, int64, int32, string and bool tensors can be fed a default");
        }

        return new DefaultFeed<TInput>(name, metadata.ElementDataType, TensorLayout.ForDefault(metadata.Dimensions), target);
    }

    private static InputFeed<TInput> BoundFeed(string name, NodeMetadata metadata, MemberInfo member, ScoringTarget target)
    {
        var (elementType, isArray) = CheckMemberType(name, metadata, member, target, "input");
        var layout = TensorLayout.Describe(metadata.Dimensions, isArray, out var problem)
            ?? throw Mismatch(target, member.Name, $"graph input '{name}' has shape [{string.Join(", ", metadata.Dimensions)}]: {problem}");
        var getter = MemberAccessors.Getter(typeof(TInput), member);
        var arguments = new object[] { name, member.Name, metadata.ElementDataType, layout, target, getter };
        if (elementType == typeof(string))
        {
            return isArray
                ? new StringArrayFeed<TInput>(name, member.Name, layout, target, (Func<TInput, string?[]?>)getter)
                : new StringScalarFeed<TInput>(name, member.Name, layout, target, (Func<TInput, string?>)getter);
        }

        var feedType = (isArray ? typeof(ArrayFeed<,>) : typeof(ScalarFeed<,>)).MakeGenericType(typeof(TInput), elementType);
        return (InputFeed<TInput>)Activator.CreateInstance(feedType, arguments)!;
    }

    private static OutputRead<TOutput> BoundRead(string name, NodeMetadata metadata, MemberInfo member, ScoringTarget target)
    {
        var (elementType, isArray) = CheckMemberType(name, metadata, member, target, "output");
        var dims = metadata.Dimensions;
        if (!isArray && TensorLayout.Describe(dims, isArray: false, out var problem) is null)
        {
            throw Mismatch(target, member.Name, $"graph output '{name}' has shape [{string.Join(", ", dims)}]: {problem}");
        }

        var setter = MemberAccessors.Setter(typeof(TOutput), member);
        if (elementType == typeof(string))
        {
            return isArray
                ? new StringRead<TOutput>(name, dims, null, (Action<TOutput, string[]>)setter)
                : new StringRead<TOutput>(name, dims, (Action<TOutput, string>)setter, null);
        }

        var readType = typeof(NumericRead<,>).MakeGenericType(typeof(TOutput), elementType);
        return (OutputRead<TOutput>)Activator.CreateInstance(readType, [name, dims, isArray ? null : setter, isArray ? setter : null])!;
    }

    private static (Type ElementType, bool IsArray) CheckMemberType(string name, NodeMetadata metadata, MemberInfo member, ScoringTarget target, string direction)
    {
        var dataType = OnnxSignatureReader.DataType(metadata);
        if (!metadata.IsTensor)
        {
            throw Mismatch(target, member.Name, $"graph {direction} '{name}' is a {dataType}, not a tensor; only tensors map to members");
        }

        var expected = OnnxSignatureReader.ClrType(metadata.ElementDataType)
            ?? throw Mismatch(target, member.Name, $"graph {direction} '{name}' holds {dataType}, which is not supported (float32, float64, int64, int32, string, bool)");
        var memberType = MemberAccessors.MemberType(member);
        if (memberType == expected)
        {
            return (expected, false);
        }

        if (memberType.IsSZArray && memberType.GetElementType() == expected)
        {
            return (expected, true);
        }

        throw Mismatch(target, member.Name, $"the member is {memberType.Name} but graph {direction} '{name}' holds {dataType} (expected {expected.Name} or {expected.Name}[])");
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static ModelSignatureMismatchException Mismatch(ScoringTarget target, string field, string problem) =>
        new(target.ModelName, target.Version, field, problem);
}
