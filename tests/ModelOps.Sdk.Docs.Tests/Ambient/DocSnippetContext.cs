// The context every C# block of the docs is compiled in (see ../README.md). It is not part of the test assembly: the tests hand
// it to Roslyn with each doc file's blocks. A block's statements run in a method of a class derived from DocSnippetContext, so
// the fields below are the variables the prose talks about; the types below are the reader's own classes the docs use. A doc
// that declares a type of the same name (docs/flavors/rules.md declares CreditDecision) replaces the one here for that doc.
// The usings are those of an SDK project with implicit usings, plus every public ModelOps.Sdk namespace (a generated file of
// global usings) and the few namespaces below that the snippets take for granted.
global using System;
global using System.Collections.Generic;
global using System.IO;
global using System.Linq;
global using System.Net.Http;
global using System.Security.Claims;
global using System.Threading;
global using System.Threading.Tasks;
global using ModelOps.Sdk.Tests.Scoring;
global using Contoso.ModelOps;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Options;
global using Microsoft.ML;
global using Microsoft.ML.Data;

namespace Contoso.ModelOps;

#pragma warning disable CS0649, CS8618, IDE1006 // never assigned, never run: the fields only give the snippets' names a type

/// <summary>The variables of the docs' prose, by the names the docs use.</summary>
public abstract class DocSnippetContext
{
    // Hosting and the registry.
    protected string[] args;
    protected IServiceCollection services;
    protected IServiceProvider provider;
    protected DocAppBuilder builder;
    protected IConfiguration configuration;
    protected IConfiguration secrets;
    protected IModelRegistry registry;
    protected TimeProvider time;
    protected string path;
    protected string metadataPath;
    protected string instanceId;

    // Scoring.
    protected IModelScorerFactory factory;
    protected IModelScorerFactory scorers;
    protected Stream stream;
    protected Stream jsonStream;

    // The prompt flavor (docs/flavors/ai.md): the host's chat client and a prompt document.
    protected Microsoft.Extensions.AI.IChatClient chatClient;
    protected Stream promptJson;
    protected CreditApplication application;
    protected IReadOnlyList<CreditInput> sampleInputs;

    // ML.NET.
    protected MLContext mlContext;
    protected ITransformer model;
    protected IDataView trainingData;
    protected IDataView lastMonth;
    protected IDataView todaysRows;

    // Routing (docs/champion-challenger.md, the Routing README).
    protected ExperimentStore experimentStore;
    protected IRoutedScorerFactory routedScorers;
    protected OutcomeRecorder outcomes;
    protected ExperimentStatisticsStore statisticsStore;
    protected ChampionChallengerEvaluator evaluator;
    protected EvaluationPolicy policy;
    protected DateTimeOffset startedAt;
    protected SequentialTestState? state;
    protected ChampionChallengerAutomation automation;
    protected ExperimentDecision experimentDecision;
    protected CreditFeatures features;
    protected string customerId;
    protected string predictionId;
    protected bool defaulted;
    protected double score;

    // Governance.
    protected IGovernanceService governance;
    protected IRetentionService retention;
    protected IModelBundleService bundles;

    // Monitoring.
    protected IModelMonitorFactory monitors;
    protected IModelMonitorFactory monitorFactory;
    protected ModelMonitor<Applicant, CreditDecision> monitor;
    protected IEnumerable<Applicant> trainingRows;
    protected IEnumerable<CreditDecision> trainingDecisions;
    protected Applicant applicant;
    protected CreditDecision decision;
    protected bool repaid;
    protected bool predicted;
    protected bool actual;

    // Storage providers (docs/storage-providers.md).
    protected IModelMetadataStore metadata;
    protected IArtifactStore artifacts;
    protected string sameFolderOrDatabase;

    /// <summary>Opens new store objects over the storage a contract test already uses.</summary>
    protected static StorageUnderTest OpenOn(string storage) => throw new NotSupportedException(storage);
}

/// <summary>What <c>WebApplication.CreateBuilder(args)</c> or <c>Host.CreateApplicationBuilder(args)</c> gives a host.</summary>
public sealed class DocAppBuilder
{
    public IServiceCollection Services { get; } = new ServiceCollection();

    public ConfigurationManager Configuration { get; } = new();
}

/// <summary>A loan application, the monitored model's input.</summary>
public sealed class Applicant
{
    public string CustomerId { get; set; } = "";

    public float Income { get; set; }

    public int Age { get; set; }

    public string Region { get; set; } = "";
}

/// <summary>The monitored model's output.</summary>
public sealed class CreditDecision
{
    public bool Approved { get; set; }

    public double ProbabilityOfDefault { get; set; }
}

/// <summary>A routed model's output (the Routing README).</summary>
public sealed class Decision
{
    public double Probability { get; set; }
}

/// <summary>An ML.NET or ONNX credit model's input.</summary>
public sealed class CreditFeatures
{
    public float Age { get; set; }

    public float Income { get; set; }

    public float[] History { get; set; } = [];
}

/// <summary>An ML.NET or ONNX credit model's output.</summary>
public sealed class CreditPrediction
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}

/// <summary>The input of the model exported from ML.NET to ONNX.</summary>
public sealed class CreditInput
{
    public float Age { get; set; }

    public float Income { get; set; }
}

/// <summary>The output of the model exported from ML.NET to ONNX.</summary>
public sealed class CreditOutput
{
    public float Score { get; set; }
}

/// <summary>A rules model's input (docs/flavors/rules.md declares it in full).</summary>
public sealed class CreditApplication
{
    public decimal Income { get; init; }
}

/// <summary>Who is acting, from the web request's user.</summary>
public sealed class HttpUserActorAccessor : IActorAccessor
{
    public ClaimsPrincipal? Actor => null;
}

/// <summary>An alert observer that pages the on-call engineer.</summary>
public sealed class PageTheOnCall : IMonitoringAlertObserver
{
    public ValueTask OnAlertAsync(MonitoringAlert alert, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>A third-party metadata store (the Testing READMEs).</summary>
public sealed class MyMetadataStore : IModelMetadataStore
{
    public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

/// <summary>A third-party artifact store (the Testing READMEs).</summary>
public sealed class MyArtifactStore : IArtifactStore
{
    public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
