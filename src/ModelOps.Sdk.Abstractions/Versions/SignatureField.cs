namespace ModelOps.Sdk;

/// <summary>
/// One named input or output of a model.
/// </summary>
/// <param name="Name">The column, tensor or property name.</param>
/// <param name="DataType">The element type as the flavor names it, for example <c>float32</c>, <c>int64</c>, <c>string</c> or <c>bool</c>.</param>
/// <param name="Shape">The dimensions, with <c>-1</c> for a dimension of any size; <see langword="null"/> for a scalar.</param>
/// <param name="IsOptional">Whether the model runs without this field.</param>
public sealed record SignatureField(string Name, string DataType, IReadOnlyList<long>? Shape = null, bool IsOptional = false);
