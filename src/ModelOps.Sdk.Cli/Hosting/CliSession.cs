using ModelOps.Sdk.Reporting;
using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Commands;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>One command's view of the registry: its configuration, its services, and where it writes.</summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliSession(IConfiguration configuration, ServiceProvider services, CommandOutput output)
    {
        Configuration = configuration;
        _services = services;
        Output = output;
    }

    public IConfiguration Configuration { get; }

    public CommandOutput Output { get; }

    public IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    public IGovernanceService Governance => _services.GetRequiredService<IGovernanceService>();

    public IModelBundleService Bundles => _services.GetRequiredService<IModelBundleService>();

    public IRetentionService Retention => _services.GetRequiredService<IRetentionService>();

    public ModelOps.Sdk.GarbageCollection.IArtifactCollector Collector => _services.GetRequiredService<ModelOps.Sdk.GarbageCollection.IArtifactCollector>();

    public IModelOpsReportGenerator Reports => _services.GetRequiredService<IModelOpsReportGenerator>();

    public IModelScorerFactory Scorers => _services.GetRequiredService<IModelScorerFactory>();

    public ModelOps.Sdk.Explanations.IDecisionExplainer Explainer => _services.GetRequiredService<ModelOps.Sdk.Explanations.IDecisionExplainer>();

    public static CliSession Open(ParseResult parseResult, CommandOutput output)
    {
        var configuration = CliConfiguration.Build(parseResult);
        return new CliSession(configuration, RegistryServices.Build(configuration), output);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
