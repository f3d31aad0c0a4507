using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>
/// Scores <typeparamref name="TInput"/> into <typeparamref name="TOutput"/> with one session. A single call rents a run context
/// (pinned one-row tensors bound once to an <see cref="OrtIoBinding"/>), writes the input's values into it and runs; a batch
/// stacks the rows into one tensor per input when the graph's first dimensions are symbolic.
/// </summary>
internal sealed partial class OnnxPredictor<TInput, TOutput> : IModelPredictor<TInput, TOutput>, IDisposable
    where TInput : class
    where TOutput : class
{
    private readonly InferenceSession _session;
    private readonly ScoringTarget _target;
    private readonly InputFeed<TInput>[] _feeds;
    private readonly OutputRead<TOutput>[] _reads;
    private readonly Func<TOutput> _createOutput;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _preallocateOutputs;
    private readonly bool _batchable;
    private readonly RunContextPool _pool;
    private volatile bool _disposed;

    private OnnxPredictor(InferenceSession session, ScoringTarget target, InputFeed<TInput>[] feeds, OutputRead<TOutput>[] reads, Func<TOutput> createOutput)
    {
        _session = session;
        _target = target;
        _feeds = feeds;
        _reads = reads;
        _createOutput = createOutput;
        _inputNames = feeds.Select(f => f.TensorName).ToArray();
        _outputNames = reads.Select(r => r.TensorName).ToArray();
        _preallocateOutputs = reads.All(r => r.CanPreallocate);
        _batchable = feeds.All(f => f.Layout.Batchable) && reads.All(r => r.Batchable);
        _pool = new RunContextPool(CreateContext);
    }

    /// <summary>Gets whether <see cref="PredictBatch"/> runs the whole batch as one call.</summary>
    internal bool RunsBatchesAsOneCall => _batchable;

    public TOutput Predict(TInput input)
    {
        if (input is null)
        {
            throw _target.InvalidInput(null, -1, "the input is null");
        }

        return PredictOne(input, -1);
    }

    public void PredictBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs)
    {
        if (outputs.Length < inputs.Length)
        {
            throw new ArgumentException($"The outputs span holds {outputs.Length} items but there are {inputs.Length} inputs.", nameof(outputs));
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is null)
            {
                throw _target.InvalidInput(null, i, "the input is null");
            }
        }

        if (!_batchable || inputs.Length <= 1)
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                outputs[i] = PredictOne(inputs[i], i);
            }

            return;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var values = new OrtValue?[_feeds.Length];
        var context = _pool.Rent();
        try
        {
            for (var f = 0; f < _feeds.Length; f++)
            {
                values[f] = _feeds[f].CreateBatch(inputs);
            }

            using var results = _session.Run(context.RunOptions, _inputNames, values!, _outputNames);
            for (var i = 0; i < inputs.Length; i++)
            {
                var output = _createOutput();
                for (var r = 0; r < _reads.Length; r++)
                {
                    _reads[r].Read(output, results[r], i, inputs.Length);
                }

                outputs[i] = output;
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }

            Return(context);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _pool.Dispose();
    }

    private TOutput PredictOne(TInput input, int position)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = _pool.Rent();
        try
        {
            var slots = context.Inputs;
            for (var f = 0; f < _feeds.Length; f++)
            {
                _feeds[f].Write(input, slots[f], context.Binding, position);
            }

            _session.RunWithBinding(context.RunOptions, context.Binding);
            var output = _createOutput();
            if (context.Outputs is { } outputSlots)
            {
                for (var r = 0; r < _reads.Length; r++)
                {
                    _reads[r].ReadSlot(output, outputSlots[r]);
                }
            }
            else
            {
                using var results = context.Binding.GetOutputValues();
                for (var r = 0; r < _reads.Length; r++)
                {
                    _reads[r].Read(output, results[r], 0, 1);
                }
            }

            return output;
        }
        finally
        {
            Return(context);
        }
    }

    private void Return(RunContext context)
    {
        if (_disposed)
        {
            context.Dispose();
            return;
        }

        _pool.Return(context);
    }

    private RunContext CreateContext()
    {
        var binding = _session.CreateIoBinding();
        var inputs = new InputSlot[_feeds.Length];
        OutputSlot[]? outputs = _preallocateOutputs ? new OutputSlot[_reads.Length] : null;
        var runOptions = new RunOptions();
        var context = new RunContext(binding, runOptions, inputs, outputs);
        try
        {
            for (var f = 0; f < _feeds.Length; f++)
            {
                inputs[f] = _feeds[f].CreateSlot();
                binding.BindInput(_feeds[f].TensorName, inputs[f].Value);
            }

            for (var r = 0; r < _reads.Length; r++)
            {
                if (outputs is not null)
                {
                    outputs[r] = _reads[r].CreateSlot();
                    binding.BindOutput(_reads[r].TensorName, outputs[r].Value);
                }
                else
                {
                    binding.BindOutputToDevice(_reads[r].TensorName, OrtMemoryInfo.DefaultInstance);
                }
            }

            return context;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }
}
