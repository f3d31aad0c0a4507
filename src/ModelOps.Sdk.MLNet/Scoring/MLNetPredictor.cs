using System.Text.RegularExpressions;
using Microsoft.ML;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// A thread-safe predictor over one loaded version: ML.NET's <see cref="PredictionEngine{TSrc, TDst}"/> is not thread-safe, so each
/// call rents an engine from a pool owned by this predictor alone and returns it there.
/// </summary>
/// <remarks>
/// <para>
/// The pool belongs to one predictor of one loaded version, so an engine can only ever go back where it came from: the stale-engine
/// bug of Microsoft.Extensions.ML's <c>PredictionEnginePool</c> (dotnet/machinelearning#7626), where an engine rented before a model
/// reload was returned into the new model's pool and kept scoring with the old model, cannot happen by construction.
/// </para>
/// <para>
/// The pool is lock-free and bounded (the shape of Microsoft.Extensions.ObjectPool's <c>DefaultObjectPool</c>: one fast slot, then
/// an array of slots claimed with compare-and-swap; twice the processor count in all). Under more concurrency than that, extra
/// engines are created and disposed when they come back to a full pool. After the loaded model is disposed, every engine that
/// comes back is disposed instead of pooled: a return that races with the disposal re-checks the flag after storing the engine
/// (both sides use full fences), so no engine is left behind in a dead pool.
/// </para>
/// </remarks>
internal sealed partial class MLNetPredictor<TInput, TOutput> : IModelPredictor<TInput, TOutput>, IDisposable
    where TInput : class
    where TOutput : class, new()
{
    private readonly MLContext context;
    private readonly ITransformer transformer;
    private readonly ModelVersion version;
    private readonly PredictionEngine<TInput, TOutput>?[] slots;
    private readonly IReadOnlyList<FixedSizeVectorMember> fixedSizeVectors;
    /// <summary>
    /// Creates outputs through a compiled constructor call: <c>PredictionEngine.Predict(TSrc)</c> uses <c>new TDst()</c>, which in
    /// shared generic code goes through <see cref="Activator"/>; filling a fresh object with <c>Predict(TSrc, ref TDst)</c> is the
    /// same prediction for less.
    /// </summary>
    private static readonly Func<TOutput> CreateOutput =
        System.Linq.Expressions.Expression.Lambda<Func<TOutput>>(System.Linq.Expressions.Expression.New(typeof(TOutput))).Compile();

    private PredictionEngine<TInput, TOutput>? fastSlot;
    private int disposed;

    public MLNetPredictor(
        MLContext context,
        ITransformer transformer,
        ModelVersion version,
        PredictionEngine<TInput, TOutput> firstEngine,
        IReadOnlyList<FixedSizeVectorMember> fixedSizeVectors)
    {
        this.fixedSizeVectors = fixedSizeVectors;
        this.context = context;
        this.transformer = transformer;
        this.version = version;
        slots = new PredictionEngine<TInput, TOutput>?[Math.Max(1, (2 * Environment.ProcessorCount) - 1)];
        fastSlot = firstEngine;
    }

    /// <summary>Gets or sets a test hook called with each engine this predictor creates (not the first, which existed before).</summary>
    internal Action<PredictionEngine<TInput, TOutput>>? EngineCreated { get; set; }

    /// <summary>Gets or sets a test hook called with each engine this predictor disposes.</summary>
    internal Action<PredictionEngine<TInput, TOutput>>? EngineDisposed { get; set; }

    /// <summary>Gets the loaded version this predictor scores with.</summary>
    internal ModelVersion Version => version;

    /// <summary>Gets whether the loaded model (and so this predictor) has been disposed.</summary>
    internal bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <inheritdoc />
    public TOutput Predict(TInput input)
    {
        if (input is null)
        {
            throw new InvalidModelInputException(version.ModelName, version.Version, null, "the input is null");
        }

        var engine = Rent();
        var output = CreateOutput();
        try
        {
            engine.Predict(input, ref output);
        }
        catch (Exception ex)
        {
            // An engine that threw may hold a half-filled row: drop it rather than hand it to the next caller.
            DisposeEngine(engine);
            if (AsInputError(ex, input, position: null) is { } inputError)
            {
                throw inputError;
            }

            throw;
        }

        Return(engine);
        return output;
    }

    /// <inheritdoc />
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
                throw new InvalidModelInputException(version.ModelName, version.Version, null, $"the input at position {i} is null");
            }
        }

        if (inputs.IsEmpty)
        {
            return;
        }

        var engine = Rent();
        var position = 0;
        try
        {
            for (; position < inputs.Length; position++)
            {
                outputs[position] = engine.Predict(inputs[position]);
            }
        }
        catch (Exception ex)
        {
            DisposeEngine(engine);
            if (AsInputError(ex, inputs[position], position) is { } inputError)
            {
                throw inputError;
            }

            throw;
        }

        Return(engine);
    }

    /// <summary>Disposes the pooled engines; engines rented at the time are disposed when they come back.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Drain();
        }
    }

    /// <summary>Gets the engines currently pooled (for tests).</summary>
    internal List<PredictionEngine<TInput, TOutput>> PooledEngines()
    {
        var result = new List<PredictionEngine<TInput, TOutput>>();
        if (Volatile.Read(ref fastSlot) is { } first)
        {
            result.Add(first);
        }

        foreach (var engine in slots)
        {
            if (engine is not null)
            {
                result.Add(engine);
            }
        }

        return result;
    }

    private PredictionEngine<TInput, TOutput> Rent()
    {
        var engine = fastSlot;
        if (engine is not null && Interlocked.CompareExchange(ref fastSlot, null, engine) == engine)
        {
            return engine;
        }

        var items = slots;
        for (var i = 0; i < items.Length; i++)
        {
            engine = items[i];
            if (engine is not null && Interlocked.CompareExchange(ref items[i], null, engine) == engine)
            {
                return engine;
            }
        }

        return CreateEngine();
    }

    private void Return(PredictionEngine<TInput, TOutput> engine)
    {
        if (fastSlot is not null || Interlocked.CompareExchange(ref fastSlot, engine, null) is not null)
        {
            var items = slots;
            var stored = false;
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i] is null && Interlocked.CompareExchange(ref items[i], engine, null) is null)
                {
                    stored = true;
                    break;
                }
            }

            if (!stored)
            {
                DisposeEngine(engine);
                return;
            }
        }

        // The store above was a full fence; if the model was disposed meanwhile, its drain may have missed this engine.
        if (Volatile.Read(ref disposed) != 0)
        {
            Drain();
        }
    }

    private PredictionEngine<TInput, TOutput> CreateEngine()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var engine = context.Model.CreatePredictionEngine<TInput, TOutput>(transformer);
        EngineCreated?.Invoke(engine);
        return engine;
    }

    private void Drain()
    {
        if (Interlocked.Exchange(ref fastSlot, null) is { } first)
        {
            DisposeEngine(first);
        }

        for (var i = 0; i < slots.Length; i++)
        {
            if (Interlocked.Exchange(ref slots[i], null) is { } engine)
            {
                DisposeEngine(engine);
            }
        }
    }

    private void DisposeEngine(PredictionEngine<TInput, TOutput> engine)
    {
        engine.Dispose();
        EngineDisposed?.Invoke(engine);
    }

    private InvalidModelInputException? AsInputError(Exception ex, TInput input, int? position)
    {
        if (ex is not (InvalidOperationException or ArgumentException or FormatException) || ex is ObjectDisposedException)
        {
            return null;
        }

        // ML.NET does not always name the column (a vector of the wrong length only says the lengths); on this error path only,
        // look at the fixed-size vector members to find it.
        var column = ColumnInMessage().Match(ex.Message) is { Success: true } m
            ? m.Groups[1].Value
            : fixedSizeVectors.FirstOrDefault(v => v.HasWrongLength(input))?.Column;
        var where = position is { } p ? $"the input at position {p} was refused by ML.NET" : "the input was refused by ML.NET";
        return new InvalidModelInputException(version.ModelName, version.Version, column, $"{where} ({ex.Message.TrimEnd('.')})");
    }

    [GeneratedRegex("[Cc]olumn '([^']+)'")]
    private static partial Regex ColumnInMessage();
}
