using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.AI.Definition;
using ModelOps.Sdk.AI.Evaluation;
using ModelOps.Sdk.AI.Scoring;
using ModelOps.Sdk.AI.Telemetry;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.AI;

/// <summary>
/// The <c>prompt</c> flavor: a versioned prompt (message templates with <c>{{variable}}</c> placeholders, generation options, tool
/// declarations and an output JSON Schema, in the JSON format of <c>docs/flavors/ai.md</c>) scored through the
/// <see cref="IChatClient"/> the host registers, so any provider works.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="InspectAsync"/> parses the document and compiles its schemas (JSON Schema draft 2020-12, with JsonSchema.Net), and
/// checks the version's golden dataset (<see cref="GoldenDatasetGate.DefaultDatasetFile"/>) when it has one; it needs no chat
/// client, so the <c>modelops</c> tool registers prompts. Problems are reported together in an
/// <see cref="InvalidModelArtifactException"/> whose <see cref="InvalidModelArtifactException.Part"/> names the first one.
/// </para>
/// <para>
/// The signature's inputs are the template variables (<c>string</c>); its outputs are the output schema's top-level properties
/// (<c>string</c>, <c>int64</c>, <c>float64</c>, <c>bool</c> or <c>json</c>), <c>output</c> (<c>json</c>) for a schema whose root
/// is not an object, or <c>text</c> without a schema.
/// </para>
/// <para>
/// <see cref="LoadAsync"/> binds the version to the chat client: the unkeyed <see cref="IChatClient"/>, or the one keyed
/// <see cref="AIFlavorOptions.ChatClientKey"/>. The flavor resolves it, the options, the <see cref="TimeProvider"/> and
/// <see cref="AITelemetry"/> from the service provider, so it can be created by dependency injection in any process (the
/// <c>modelops</c> tool included, through <c>Flavors:Assemblies</c>).
/// </para>
/// </remarks>
public sealed class PromptFlavor : IModelFlavor
{
    /// <summary>The flavor's name, <c>prompt</c>: pass it as <see cref="ModelVersionRegistration.Flavor"/>.</summary>
    public const string FlavorName = "prompt";

    /// <summary>The newest document format version this library reads; documents declare theirs in <c>formatVersion</c>.</summary>
    public const int FormatVersion = PromptDocumentParser.CurrentFormatVersion;

    private readonly IServiceProvider _services;
    private readonly AIFlavorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<AITelemetry> _telemetry;

    /// <summary>Initializes a new instance of the <see cref="PromptFlavor"/> class.</summary>
    /// <param name="services">
    /// The service provider: <see cref="IOptions{TOptions}"/> of <see cref="AIFlavorOptions"/> (validated here; defaults when absent),
    /// <see cref="TimeProvider"/> (the system clock when absent), <see cref="AITelemetry"/>, and the <see cref="IChatClient"/>, which
    /// is resolved only when a version is loaded.
    /// </param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PromptFlavor(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var value = services.GetService<IOptions<AIFlavorOptions>>()?.Value ?? new AIFlavorOptions();
        AIFlavorOptionsValidator.ThrowIfInvalid(value);

        // Copied so that later changes to the instance cannot reach models loaded afterwards.
        _options = new AIFlavorOptions { ChatClientKey = value.ChatClientKey, Timeout = value.Timeout };
        _services = services;
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _telemetry = new Lazy<AITelemetry>(() => services.GetService<AITelemetry>() ?? new AITelemetry());
    }

    /// <inheritdoc />
    public string Name => FlavorName;

    /// <inheritdoc />
    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        cancellationToken.ThrowIfCancellationRequested();
        var document = Read(artifact);
        return ValueTask.FromResult(new FlavorInspection(PromptSignature.Of(document)));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The artifact has no <see cref="ModelArtifact.Version"/>.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="IChatClient"/> (with <see cref="AIFlavorOptions.ChatClientKey"/>) is registered.</exception>
    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        cancellationToken.ThrowIfCancellationRequested();
        var version = artifact.Version
            ?? throw new ArgumentException("Only a registered version can be loaded: the artifact has no Version.", nameof(artifact));
        var document = Read(artifact);
        var client = (_options.ChatClientKey is { } key ? _services.GetKeyedService<IChatClient>(key) : _services.GetService<IChatClient>())
            ?? throw new InvalidOperationException(_options.ChatClientKey is { } k
                ? $"Prompt model '{version.ModelName}' version {version.Version} cannot load: no IChatClient is registered with the key '{k}' (AIFlavorOptions.ChatClientKey)."
                : $"Prompt model '{version.ModelName}' version {version.Version} cannot load: no IChatClient is registered; add one (services.AddChatClient(...)) or set AIFlavorOptions.ChatClientKey.");
        var invoker = new PromptInvoker(document, version, client, _telemetry.Value, _timeProvider, _options.Timeout);
        return ValueTask.FromResult<ILoadedModel>(new PromptLoadedModel(invoker));
    }

    private static PromptDocument Read(ModelArtifact artifact)
    {
        var errors = new List<PromptError>();
        var document = PromptDocumentParser.Parse(artifact.Content, errors);
        if (document is not null && artifact.ExtraFiles.TryGetValue(GoldenDatasetGate.DefaultDatasetFile, out var dataset))
        {
            GoldenDataset.Parse(dataset, GoldenDatasetGate.DefaultDatasetFile, document.Variables, errors);
        }

        if (document is not null && errors.Count == 0)
        {
            return document;
        }

        var problem = errors.Count == 1
            ? errors[0].Problem
            : $"{errors.Count} errors:{string.Concat(errors.Select(e => $"{Environment.NewLine}- {(e.Part is null ? string.Empty : e.Part + ": ")}{e.Problem}"))}";
        throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, FlavorName, errors[0].Part, problem);
    }
}
