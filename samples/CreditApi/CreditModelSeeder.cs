using ModelOps.Sdk;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;

namespace CreditApi;

/// <summary>
/// On the first start against a registry, registers the two decision tables of <c>Models/</c> (version 1 as <c>champion</c>,
/// version 2 as <c>challenger</c>) and stores the experiment <c>live</c> that splits calls 90/10 between them. Later starts find
/// them and change nothing. Registered before <c>AddModelOps</c>, so it runs before the routed scorer first loads.
/// </summary>
/// <remarks>
/// Replicas of the service that start together over a new registry all find it empty and all seed it, so every step is one that
/// any number of them can take at once with one outcome: each table is registered with an idempotency key (every replica gets the
/// version the first one created), an alias is set only if it does not exist yet (<see cref="IModelRegistry.MoveAliasAsync"/>
/// expecting none), and the experiment is created only if it has no revision yet (<see cref="ExperimentStore.CreateAsync"/>).
/// The replicas that come second are refused and change nothing.
/// </remarks>
internal sealed partial class CreditModelSeeder(IModelRegistry registry, ExperimentStore experiments, IHostEnvironment environment, ILogger<CreditModelSeeder> logger)
    : IHostedService
{
    public const string Model = "credit-limit";
    public const string Experiment = "live";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var models = await registry.ListModelsAsync(cancellationToken);
        if (!models.Any(m => m.Name == Model))
        {
            var champion = await RegisterAsync("credit-limit-v1.json", cancellationToken);
            var challenger = await RegisterAsync("credit-limit-v2.json", cancellationToken);
            await SetAliasIfMissingAsync("champion", champion, "first release of the sample", cancellationToken);
            await SetAliasIfMissingAsync("challenger", challenger, "candidate with a lower prime threshold", cancellationToken);
            LogRegistered(logger, Model, champion, challenger);
        }

        if (await experiments.LoadAsync(Model, Experiment, cancellationToken) is null)
        {
            var split = new ExperimentBuilder(Model, Experiment)
                .WithChampionAlias("champion", weight: 90)
                .AddChallengerAlias("lower-threshold", "challenger", weight: 10)
                .WithStickyAssignment()
                .WithMetric(QualityMetricKind.Reward)
                .WithEvaluation(new EvaluationPolicy
                {
                    // Judged on the reward per decision (+0.2 for a repaid loan, -1 for a default), after a week and 1,000 outcomes
                    // per arm; a reward has no scale-free default, so the prior's variance is given on the reward's scale.
                    MinimumDuration = TimeSpan.FromDays(7),
                    MinimumSamplesPerArm = 1_000,
                    MixingVariance = 0.01 * 0.01,
                })
                .Build();
            try
            {
                await experiments.CreateAsync(split, "the sample's 90/10 split, sticky per customer", cancellationToken);
            }
            catch (DocumentRevisionConflictException)
            {
                LogExperimentCreatedElsewhere(logger, Model, Experiment); // another replica created it first: nothing to do
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<int> RegisterAsync(string file, CancellationToken cancellationToken)
    {
        await using var table = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Models", file));
        var version = await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "rules",
            Artifact = table,
            Description = $"{file}, registered by the CreditApi sample ({environment.ApplicationName})",
            IdempotencyKey = "credit-api-seed/" + file,
        }, cancellationToken);
        return version.Version;
    }

    private async Task SetAliasIfMissingAsync(string alias, int version, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await registry.MoveAliasAsync(Model, alias, version, expectedCurrentVersion: null, reason, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Another replica set it first (to the same version, registered under the same idempotency key): nothing to do.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Model}: champion version {Champion}, challenger version {Challenger}.")]
    private static partial void LogRegistered(ILogger logger, string model, int champion, int challenger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The experiment {Model}/{Experiment} was created by another instance starting at the same time.")]
    private static partial void LogExperimentCreatedElsewhere(ILogger logger, string model, string experiment);
}
