using Microsoft.ML.OnnxRuntime;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>What one thread needs to run one row: an I/O binding over pinned one-row tensors, and its run options.</summary>
internal sealed class RunContext(OrtIoBinding binding, RunOptions runOptions, InputSlot[] inputs, OutputSlot[]? outputs) : IDisposable
{
    public OrtIoBinding Binding { get; } = binding;

    public RunOptions RunOptions { get; } = runOptions;

    public InputSlot[] Inputs { get; } = inputs;

    public OutputSlot[]? Outputs { get; } = outputs;

    public void Dispose()
    {
        Binding.Dispose();
        RunOptions.Dispose();
        foreach (var slot in Inputs)
        {
            slot?.Dispose();
        }

        if (Outputs is not null)
        {
            foreach (var slot in Outputs)
            {
                slot?.Dispose();
            }
        }
    }
}

/// <summary>
/// A small lock-free pool of run contexts (the shape of Microsoft.Extensions.ObjectPool's default pool): a fast slot, then an
/// array sized to the processor count. Contexts beyond what the pool holds are disposed on return, so native memory stays bounded
/// by the concurrency actually seen.
/// </summary>
internal sealed class RunContextPool(Func<RunContext> create) : IDisposable
{
    private readonly RunContext?[] _items = new RunContext?[Environment.ProcessorCount * 2];
    private RunContext? _first;

    public RunContext Rent()
    {
        var item = _first;
        if (item is not null && Interlocked.CompareExchange(ref _first, null, item) == item)
        {
            return item;
        }

        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return create();
    }

    public void Return(RunContext context)
    {
        if (_first is null && Interlocked.CompareExchange(ref _first, context, null) is null)
        {
            return;
        }

        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (Interlocked.CompareExchange(ref items[i], context, null) is null)
            {
                return;
            }
        }

        context.Dispose();
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _first, null)?.Dispose();
        for (var i = 0; i < _items.Length; i++)
        {
            Interlocked.Exchange(ref _items[i], null)?.Dispose();
        }
    }
}
