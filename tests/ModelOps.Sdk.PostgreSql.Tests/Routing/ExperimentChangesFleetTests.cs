using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.PostgreSql.Tests.Routing;

/// <summary>
/// Two instances, each with its own container, registry and data source on one PostgreSQL registry, take the same ramp advance or
/// the same abort on the same revision of an experiment, the second only after the first has stored it (the interleaving a fleet
/// meets by chance, made certain): the experiment changes once and the audit log shows the change once.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class ExperimentChangesFleetTests(PostgreSqlFixture fixture)
{
    private const string Model = "credit";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TryAdvanceAsync_TwoInstancesDecideOnTheSameRevision_TheRampAdvancesOnce()
    {
        await using var fleet = new PostgreSqlRegistryHost(fixture, "ramp_fleet");
        var bRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aAdvanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (clockA, clockB) = (PostgreSqlRegistryHost.FrozenClock(), PostgreSqlRegistryHost.FrozenClock());
        var (_, a) = fleet.AddRegistry(null, clockA, null, builder => builder.AddRouting());
        var (_, b) = fleet.AddRegistry(null, clockB, null, builder =>
        {
            // B's statistics are read after the experiment: B has read revision 1 when it waits here for A's advance.
            builder.Services.AddSingleton<IExperimentStatisticsSource>(sp => new GatedStatisticsSource(
                sp.GetRequiredService<StoredExperimentStatisticsSource>(), bRead, aAdvanced.Task));
            builder.Services.AddSingleton<StoredExperimentStatisticsSource>();
            builder.AddRouting();
        });
        var registry = a.GetRequiredService<IModelRegistry>();
        await SeedAsync(registry, a.GetRequiredService<ExperimentStore>(), new ExperimentBuilder(Model, "split")
            .WithChampionAlias("champion").AddChallengerAlias("next", "challenger")
            .WithRamp(new RampStep(0.1, MinimumDuration: TimeSpan.FromMinutes(1)), new RampStep(0.5, MinimumDuration: TimeSpan.FromMinutes(1)), new RampStep(1.0))
            .Build());
        clockA.Advance(TimeSpan.FromMinutes(2));   // the first step has lasted its minimum on both instances
        clockB.Advance(TimeSpan.FromMinutes(2));

        var second = b.GetRequiredService<RampScheduler>().TryAdvanceAsync(Model, "split");
        await bRead.Task.WaitAsync(Patience);
        var first = await a.GetRequiredService<RampScheduler>().TryAdvanceAsync(Model, "split");
        aAdvanced.SetResult();
        var late = await second.WaitAsync(Patience);

        Assert.True(first.Advanced, first.Reason);
        Assert.Equal(1, first.Step);
        Assert.False(late.Advanced, late.Reason);
        Assert.Equal(1, late.Step);
        Assert.Equal(
            "the experiment changed since revision 1 was read (now revision 2, by another instance or a person); nothing was changed",
            late.Reason);
        var history = await b.GetRequiredService<ExperimentStore>().GetHistoryAsync(Model, "split");
        Assert.Equal([(1, 0), (2, 1)], history.Select(r => (r.Document.Revision, r.Definition.RampStep)));
        var audit = await registry.ReadAuditLogAsync(Model);
        Assert.Single(audit, e => e.Reason?.StartsWith("ramp step 0 -> 1", StringComparison.Ordinal) == true);
        Assert.True((await registry.VerifyAuditLogAsync(Model)).IsValid);
    }

    [Fact]
    public async Task AbortAsync_TwoInstancesAbortTheSameRevision_TheExperimentIsAbortedOnce_AndTheSecondIsToldItAlreadyIs()
    {
        await using var fleet = new PostgreSqlRegistryHost(fixture, "abort_fleet");
        var (_, a) = fleet.AddRegistry(null, PostgreSqlRegistryHost.FrozenClock(), null, builder => builder.AddRouting());
        var (_, b) = fleet.AddRegistry(null, PostgreSqlRegistryHost.FrozenClock(), null, builder => builder.AddRouting());
        var registry = a.GetRequiredService<IModelRegistry>();
        await SeedAsync(registry, a.GetRequiredService<ExperimentStore>(), new ExperimentBuilder(Model, "split")
            .WithChampionAlias("champion", weight: 50).AddChallengerAlias("next", "challenger", weight: 50)
            .Build());

        // B's controller writes through a registry that holds its first attachment until A has aborted: B has read revision 1
        // (running) and decided to abort it by then.
        var bWrites = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bRegistry = GatedAttachRegistry.Create(b.GetRequiredService<IModelRegistry>(), bWrites, aAborted.Task);
        var time = b.GetRequiredService<TimeProvider>();
        var bController = new ExperimentController(new ExperimentStore(bRegistry, time), bRegistry, time);

        var second = bController.AbortAsync(Model, "split", "guardrail breached (instance B)");
        await bWrites.Task.WaitAsync(Patience);
        await a.GetRequiredService<ExperimentController>().AbortAsync(Model, "split", "guardrail breached (instance A)");
        aAborted.SetResult();

        var refused = await Assert.ThrowsAsync<ExperimentControlException>(() => second.WaitAsync(Patience));
        Assert.Contains("it is Aborted", refused.Message, StringComparison.Ordinal);
        var history = await b.GetRequiredService<ExperimentStore>().GetHistoryAsync(Model, "split");
        Assert.Equal([(1, ExperimentStatus.Running), (2, ExperimentStatus.Aborted)], history.Select(r => (r.Document.Revision, r.Definition.Status)));
        var audit = await registry.ReadAuditLogAsync(Model);
        Assert.Equal("abort: guardrail breached (instance A)", Assert.Single(audit, e => e.Reason?.StartsWith("abort: ", StringComparison.Ordinal) == true).Reason);
    }

    private static async Task SeedAsync(IModelRegistry registry, ExperimentStore store, ExperimentDefinition definition)
    {
        await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, "v1"));
        await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, "v2"));
        await registry.SetAliasAsync(Model, "champion", 1, "first release");
        await registry.SetAliasAsync(Model, "challenger", 2, "candidate");
        await store.SaveAsync(definition, "start");
    }

    /// <summary>Hands out the statistics once <paramref name="gate"/> has completed, saying when it was asked.</summary>
    private sealed class GatedStatisticsSource(IExperimentStatisticsSource inner, TaskCompletionSource asked, Task gate) : IExperimentStatisticsSource
    {
        public async ValueTask<ExperimentStatistics> GetAsync(string modelName, string experimentName, CancellationToken cancellationToken = default)
        {
            asked.TrySetResult();
            await gate.WaitAsync(Patience, cancellationToken);
            return await inner.GetAsync(modelName, experimentName, cancellationToken);
        }
    }

    /// <summary>A registry that forwards every call, holding each document attachment until a gate opens.</summary>
    public class GatedAttachRegistry : DispatchProxy
    {
        private IModelRegistry _inner = null!;
        private TaskCompletionSource _attaching = null!;
        private Task _gate = null!;

        public static IModelRegistry Create(IModelRegistry inner, TaskCompletionSource attaching, Task gate)
        {
            var proxy = Create<IModelRegistry, GatedAttachRegistry>();
            var gated = (GatedAttachRegistry)(object)proxy;
            (gated._inner, gated._attaching, gated._gate) = (inner, attaching, gate);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            return targetMethod.Name == nameof(IModelRegistry.AttachDocumentAsync)
                ? AttachAfterGateAsync((DocumentAttachment)args![0]!, (CancellationToken)args[1]!)
                : Forward(targetMethod, args);
        }

        private object? Forward(MethodInfo method, object?[]? args)
        {
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }

        private async Task<ModelDocument> AttachAfterGateAsync(DocumentAttachment attachment, CancellationToken cancellationToken)
        {
            _attaching.TrySetResult();
            await _gate.WaitAsync(Patience, cancellationToken);
            return await _inner.AttachDocumentAsync(attachment, cancellationToken);
        }
    }
}
