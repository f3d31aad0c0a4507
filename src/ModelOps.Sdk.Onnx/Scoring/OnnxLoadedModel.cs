using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>One loaded ONNX version: one <see cref="InferenceSession"/> (thread-safe), and one predictor per type pair.</summary>
internal sealed class OnnxLoadedModel : IJsonScoringModel
{
    private readonly ConcurrentDictionary<(Type Input, Type Output), Lazy<IDisposable>> _predictors = new();
    private readonly bool _allowNonFiniteInputs;
    private int _disposed;

    public OnnxLoadedModel(InferenceSession session, ModelVersion version, bool allowNonFiniteInputs)
    {
        Session = session;
        Version = version;
        _allowNonFiniteInputs = allowNonFiniteInputs;
    }

    public ModelVersion Version { get; }

    internal InferenceSession Session { get; }

    public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
        where TInput : class
        where TOutput : class
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var lazy = _predictors.GetOrAdd(
            (typeof(TInput), typeof(TOutput)),
            _ => new Lazy<IDisposable>(() => OnnxPredictor<TInput, TOutput>.Create(Session, Version, _allowNonFiniteInputs)));
        try
        {
            return (IModelPredictor<TInput, TOutput>)lazy.Value;
        }
        catch (Exception)
        {
            // A Lazy caches its exception; forget it so that the error is raised afresh (and nothing holds on to it).
            _predictors.TryRemove(new KeyValuePair<(Type, Type), Lazy<IDisposable>>((typeof(TInput), typeof(TOutput)), lazy));
            throw;
        }
    }

    public JsonObject ScoreJson(JsonElement input)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return OnnxJsonScorer.Score(Session, Version, input);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        foreach (var lazy in _predictors.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _predictors.Clear();
        Session.Dispose();
        return ValueTask.CompletedTask;
    }
}
