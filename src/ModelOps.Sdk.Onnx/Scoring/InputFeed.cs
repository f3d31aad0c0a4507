using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>The per-context tensor a feed writes one row into: a pinned buffer (numbers) or a string tensor, and its value.</summary>
internal sealed class InputSlot : IDisposable
{
    public InputSlot(OrtValue value, Array? buffer, int length)
    {
        Value = value;
        Buffer = buffer;
        Length = length;
    }

    public OrtValue Value { get; private set; }

    public Array? Buffer { get; private set; }

    public int Length { get; private set; }

    public void Replace(OrtValue value, Array? buffer, int length)
    {
        Value.Dispose();
        Value = value;
        Buffer = buffer;
        Length = length;
    }

    public void Dispose() => Value.Dispose();
}

/// <summary>Feeds one graph input from an input object: one row into a reusable slot, or a whole batch into a new tensor.</summary>
/// <typeparam name="TInput">The input type.</typeparam>
internal abstract class InputFeed<TInput>
    where TInput : class
{
    protected InputFeed(string tensorName, string field, TensorElementType elementType, TensorLayout layout, ScoringTarget target)
    {
        TensorName = tensorName;
        Field = field;
        ElementType = elementType;
        Layout = layout;
        Target = target;
    }

    public string TensorName { get; }

    /// <summary>Gets the member that feeds the tensor (the tensor's name for a default feed).</summary>
    public string Field { get; }

    public TensorElementType ElementType { get; }

    public TensorLayout Layout { get; }

    protected ScoringTarget Target { get; }

    /// <summary>Creates the reusable one-row tensor of a run context.</summary>
    public abstract InputSlot CreateSlot();

    /// <summary>Writes one input's row into the slot; may replace the slot's tensor (and rebind it) when an array's length changes.</summary>
    public abstract void Write(TInput input, InputSlot slot, OrtIoBinding binding, int position);

    /// <summary>Creates one tensor holding every input's row.</summary>
    public abstract OrtValue CreateBatch(ReadOnlySpan<TInput> inputs);

    protected static OrtValue CreateNumeric<T>(long[] shape, out T[] buffer)
        where T : unmanaged
    {
        var count = 1L;
        foreach (var d in shape)
        {
            count *= d;
        }

        // Pinned for the life of the slot: ONNX Runtime reads it in place, with no copy per call.
        buffer = GC.AllocateArray<T>(checked((int)count), pinned: true);
        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<T>(buffer), shape);
    }

    protected static OrtValue CreateStrings(long[] shape) => OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void CheckFinite<T>(T value, int position)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            if (!float.IsFinite(Unsafe.As<T, float>(ref value)) && !Target.AllowNonFiniteInputs)
            {
                throw Target.InvalidInput(Field, position, $"the value {Unsafe.As<T, float>(ref value)} is not finite (tensor '{TensorName}'); set OnnxFlavorOptions.AllowNonFiniteInputs to accept it");
            }
        }
        else if (typeof(T) == typeof(double))
        {
            if (!double.IsFinite(Unsafe.As<T, double>(ref value)) && !Target.AllowNonFiniteInputs)
            {
                throw Target.InvalidInput(Field, position, $"the value {Unsafe.As<T, double>(ref value)} is not finite (tensor '{TensorName}'); set OnnxFlavorOptions.AllowNonFiniteInputs to accept it");
            }
        }
    }

    protected void CheckFinite<T>(ReadOnlySpan<T> values, int position)
        where T : unmanaged
    {
        if ((typeof(T) == typeof(float) || typeof(T) == typeof(double)) && !Target.AllowNonFiniteInputs)
        {
            for (var i = 0; i < values.Length; i++)
            {
                CheckFinite(values[i], position);
            }
        }
    }

    protected void CheckLength(int length, int position)
    {
        if (Layout.RowLength >= 0 && length != Layout.RowLength)
        {
            throw Target.InvalidInput(Field, position, $"the array has {length} elements but tensor '{TensorName}' takes {Layout.RowLength}");
        }
    }
}

/// <summary>A numeric scalar member feeding a one-element-per-row tensor.</summary>
internal sealed class ScalarFeed<TInput, T>(string tensorName, string field, TensorElementType elementType, TensorLayout layout, ScoringTarget target, Func<TInput, T> getter)
    : InputFeed<TInput>(tensorName, field, elementType, layout, target)
    where TInput : class
    where T : unmanaged
{
    public override InputSlot CreateSlot() => new(CreateNumeric<T>(Layout.SingleShape, out var buffer), buffer, 1);

    public override void Write(TInput input, InputSlot slot, OrtIoBinding binding, int position)
    {
        var value = getter(input);
        CheckFinite(value, position);
        Unsafe.As<T[]>(slot.Buffer!)[0] = value;
    }

    public override OrtValue CreateBatch(ReadOnlySpan<TInput> inputs)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ElementType, Layout.Shape(inputs.Length, 1));
        try
        {
            var data = value.GetTensorMutableDataAsSpan<T>();
            for (var i = 0; i < inputs.Length; i++)
            {
                var v = getter(inputs[i]);
                CheckFinite(v, i);
                data[i] = v;
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}

/// <summary>A numeric array member feeding a row of a tensor.</summary>
internal sealed class ArrayFeed<TInput, T>(string tensorName, string field, TensorElementType elementType, TensorLayout layout, ScoringTarget target, Func<TInput, T[]?> getter)
    : InputFeed<TInput>(tensorName, field, elementType, layout, target)
    where TInput : class
    where T : unmanaged
{
    public override InputSlot CreateSlot()
    {
        // A free-size row starts at one element and is resized to the first array written into it.
        var length = Math.Max(Layout.RowLength, 1);
        return new(CreateNumeric<T>(Layout.Shape(1, length), out var buffer), buffer, length);
    }

    public override void Write(TInput input, InputSlot slot, OrtIoBinding binding, int position)
    {
        var array = getter(input) ?? throw Target.InvalidInput(Field, position, $"the array is null (tensor '{TensorName}')");
        CheckLength(array.Length, position);
        CheckFinite<T>(array, position);
        if (array.Length != slot.Length)
        {
            slot.Replace(CreateNumeric<T>(Layout.Shape(1, array.Length), out var resized), resized, array.Length);
            binding.BindInput(TensorName, slot.Value);
        }

        array.AsSpan().CopyTo(Unsafe.As<T[]>(slot.Buffer!));
    }

    public override OrtValue CreateBatch(ReadOnlySpan<TInput> inputs)
    {
        var length = Layout.RowLength;
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ElementType, Layout.Shape(inputs.Length, length));
        try
        {
            var data = value.GetTensorMutableDataAsSpan<T>();
            for (var i = 0; i < inputs.Length; i++)
            {
                var array = getter(inputs[i]) ?? throw Target.InvalidInput(Field, i, $"the array is null (tensor '{TensorName}')");
                CheckLength(array.Length, i);
                CheckFinite<T>(array, i);
                array.AsSpan().CopyTo(data.Slice(i * length, length));
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}

/// <summary>A string member feeding a one-element-per-row string tensor.</summary>
internal sealed class StringScalarFeed<TInput>(string tensorName, string field, TensorLayout layout, ScoringTarget target, Func<TInput, string?> getter)
    : InputFeed<TInput>(tensorName, field, TensorElementType.String, layout, target)
    where TInput : class
{
    public override InputSlot CreateSlot() => new(CreateStrings(Layout.SingleShape), null, 1);

    public override void Write(TInput input, InputSlot slot, OrtIoBinding binding, int position)
    {
        var text = getter(input) ?? throw Target.InvalidInput(Field, position, $"the string is null (tensor '{TensorName}')");
        slot.Value.StringTensorSetElementAt(text.AsSpan(), 0);
    }

    public override OrtValue CreateBatch(ReadOnlySpan<TInput> inputs)
    {
        var value = CreateStrings(Layout.Shape(inputs.Length, 1));
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var text = getter(inputs[i]) ?? throw Target.InvalidInput(Field, i, $"the string is null (tensor '{TensorName}')");
                value.StringTensorSetElementAt(text.AsSpan(), i);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}

/// <summary>A string array member feeding a row of a string tensor.</summary>
internal sealed class StringArrayFeed<TInput>(string tensorName, string field, TensorLayout layout, ScoringTarget target, Func<TInput, string?[]?> getter)
    : InputFeed<TInput>(tensorName, field, TensorElementType.String, layout, target)
    where TInput : class
{
    public override InputSlot CreateSlot()
    {
        var length = Math.Max(Layout.RowLength, 1);
        return new(CreateStrings(Layout.Shape(1, length)), null, length);
    }

    public override void Write(TInput input, InputSlot slot, OrtIoBinding binding, int position)
    {
        var array = getter(input) ?? throw Target.InvalidInput(Field, position, $"the array is null (tensor '{TensorName}')");
        CheckLength(array.Length, position);
        if (array.Length != slot.Length)
        {
            slot.Replace(CreateStrings(Layout.Shape(1, array.Length)), null, array.Length);
            binding.BindInput(TensorName, slot.Value);
        }

        for (var j = 0; j < array.Length; j++)
        {
            slot.Value.StringTensorSetElementAt((array[j] ?? throw Target.InvalidInput(Field, position, $"element {j} is null (tensor '{TensorName}')")).AsSpan(), j);
        }
    }

    public override OrtValue CreateBatch(ReadOnlySpan<TInput> inputs)
    {
        var length = Layout.RowLength;
        var value = CreateStrings(Layout.Shape(inputs.Length, length));
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var array = getter(inputs[i]) ?? throw Target.InvalidInput(Field, i, $"the array is null (tensor '{TensorName}')");
                CheckLength(array.Length, i);
                for (var j = 0; j < array.Length; j++)
                {
                    value.StringTensorSetElementAt((array[j] ?? throw Target.InvalidInput(Field, i, $"element {j} is null (tensor '{TensorName}')")).AsSpan(), (i * length) + j);
                }
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}

/// <summary>
/// A graph input the input type does not provide (for example the label column of a graph exported from ML.NET): fed zeros,
/// <see langword="false"/> or empty strings of the right type and shape.
/// </summary>
internal sealed class DefaultFeed<TInput>(string tensorName, TensorElementType elementType, TensorLayout layout, ScoringTarget target)
    : InputFeed<TInput>(tensorName, tensorName, elementType, layout, target)
    where TInput : class
{
    public override InputSlot CreateSlot() => new(CreateDefault(Layout.Shape(1, Layout.RowLength)), null, Layout.RowLength);

    public override void Write(TInput input, InputSlot slot, OrtIoBinding binding, int position)
    {
        // The slot was filled with defaults when it was created and nothing writes to it.
    }

    public override OrtValue CreateBatch(ReadOnlySpan<TInput> inputs) => CreateDefault(Layout.Shape(inputs.Length, Layout.RowLength));

    private OrtValue CreateDefault(long[] shape)
    {
        if (ElementType == TensorElementType.String)
        {
            return CreateStrings(shape);
        }

        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ElementType, shape);
        value.GetTensorMutableRawData().Clear();
        return value;
    }
}
