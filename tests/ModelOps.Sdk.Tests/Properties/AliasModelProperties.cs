using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.Tests.Properties;

/// <summary>
/// Any sequence of alias operations behaves like a simple reference model of an alias: a current target plus an undo stack. A manual
/// move pushes the target it replaces, a rollback pops back to the newest target that is not archived (dropping the skipped ones),
/// a delete clears both; failures are the same too.
/// </summary>
public sealed class AliasModelProperties
{
    private const string Model = "credit";
    private const string Alias = "champion";
    private const int Versions = 4;

    [Property(MaxTest = 100, Arbitrary = [typeof(AliasOperationArbitrary)])]
    public async Task AliasOperations_AnySequence_MatchTheReferenceModel(AliasOperation[] operations)
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync(Model, Versions);
        var model = new ReferenceAlias();

        for (var step = 0; step < operations.Length; step++)
        {
            var operation = operations[step];
            var expected = model.Apply(operation);
            var actual = await RunAsync(host.Registry, operation, model);
            Assert.True(
                expected == actual,
                $"Step {step} ({operation}): the reference model expected {expected?.Name ?? "success"}, the registry gave {actual?.Name ?? "success"}. Operations: {string.Join(", ", operations.Take(step + 1))}");
            Assert.Equal(model.Current, await CurrentAsync(host.Registry));
        }

        // A replica folded from scratch out of the same journal agrees, and the chain is intact.
        await using var peer = host.CreatePeer();
        Assert.Equal(model.Current, await CurrentAsync(peer.Registry));
        Assert.Equal(
            (await host.Registry.GetAliasHistoryAsync(Model, Alias)).Select(c => (c.Kind, c.Version)),
            (await peer.Registry.GetAliasHistoryAsync(Model, Alias)).Select(c => (c.Kind, c.Version)));
        Assert.True((await peer.Registry.VerifyAuditLogAsync(Model)).IsValid);
    }

    private static async Task<Type?> RunAsync(IModelRegistry registry, AliasOperation operation, ReferenceAlias model)
    {
        try
        {
            switch (operation.Kind)
            {
                case AliasOperationKind.Set:
                    await registry.SetAliasAsync(Model, Alias, operation.Version);
                    break;
                case AliasOperationKind.Move:
                    await registry.MoveAliasAsync(Model, Alias, operation.Version, operation.ExpectedCurrent);
                    break;
                case AliasOperationKind.Rollback:
                    await registry.RollbackAliasAsync(Model, Alias, "property test");
                    break;
                case AliasOperationKind.Delete:
                    await registry.DeleteAliasAsync(Model, Alias);
                    break;
                case AliasOperationKind.Archive:
                    await registry.TransitionAsync(Model, operation.Version, ModelVersionStatus.Archived);
                    break;
            }

            return null;
        }
        catch (ModelOpsException ex)
        {
            return ex.GetType();
        }
    }

    private static async Task<int?> CurrentAsync(IModelRegistry registry)
    {
        try
        {
            return (await registry.ResolveAliasAsync(Model, Alias)).Version;
        }
        catch (AliasNotFoundException)
        {
            return null;
        }
    }

    public enum AliasOperationKind
    {
        Set,
        Move,
        Rollback,
        Delete,
        Archive,
    }

    /// <summary>One operation; for <see cref="AliasOperationKind.Move"/>, whether the caller's expectation is right decides <see cref="ExpectedCurrent"/> at run time.</summary>
    public sealed record AliasOperation(AliasOperationKind Kind, int Version, bool ExpectationIsRight)
    {
        /// <summary>Gets the expected current version a move passes; set by the reference model just before the operation runs.</summary>
        public int? ExpectedCurrent { get; set; }

        public override string ToString() => Kind switch
        {
            AliasOperationKind.Set => $"set {Version}",
            AliasOperationKind.Move => $"move {Version} expecting {(ExpectationIsRight ? "right" : "wrong")}",
            AliasOperationKind.Archive => $"archive {Version}",
            _ => Kind.ToString().ToLowerInvariant(),
        };
    }

    public static class AliasOperationArbitrary
    {
        public static Arbitrary<AliasOperation[]> Operations()
        {
            var version = Gen.Choose(1, Versions);
            var operation = Gen.OneOf(
                version.Select(v => new AliasOperation(AliasOperationKind.Set, v, true)),
                version.Select(v => new AliasOperation(AliasOperationKind.Set, v, true)),
                from v in version
                from right in Gen.Elements(true, true, false)
                select new AliasOperation(AliasOperationKind.Move, v, right),
                Gen.Constant(new AliasOperation(AliasOperationKind.Rollback, 0, true)),
                Gen.Constant(new AliasOperation(AliasOperationKind.Rollback, 0, true)),
                Gen.Constant(new AliasOperation(AliasOperationKind.Delete, 0, true)),
                version.Select(v => new AliasOperation(AliasOperationKind.Archive, v, true)));
            var operations = Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(operation, n));
            return Arb.From(operations, ops => ShrinkOperations(ops));
        }

        private static IEnumerable<AliasOperation[]> ShrinkOperations(AliasOperation[] operations)
        {
            for (var i = operations.Length - 1; i >= 0; i--)
            {
                yield return [.. operations.Take(i), .. operations.Skip(i + 1).Select(o => o with { })];
            }
        }
    }

    /// <summary>The reference model: a current target, an undo stack, and the set of archived versions.</summary>
    private sealed class ReferenceAlias
    {
        private readonly List<int> _undo = [];
        private readonly HashSet<int> _archived = [];

        public int? Current { get; private set; }

        /// <summary>Applies an operation and returns the exception type it must fail with, or <see langword="null"/> if it succeeds.</summary>
        public Type? Apply(AliasOperation operation)
        {
            switch (operation.Kind)
            {
                case AliasOperationKind.Set:
                    return MoveTo(operation.Version);
                case AliasOperationKind.Move:
                    operation.ExpectedCurrent = operation.ExpectationIsRight ? Current : (Current ?? 0) % Versions + 1;
                    return operation.ExpectedCurrent != Current ? typeof(ConcurrencyConflictException) : MoveTo(operation.Version);
                case AliasOperationKind.Rollback:
                    if (Current is not { } current)
                    {
                        return typeof(AliasNotFoundException);
                    }

                    var target = _undo.FindLastIndex(v => !_archived.Contains(v));
                    if (target < 0)
                    {
                        return typeof(RollbackUnavailableException);
                    }

                    Current = _undo[target];
                    _undo.RemoveRange(target, _undo.Count - target);
                    return null;
                case AliasOperationKind.Delete:
                    if (Current is null)
                    {
                        return typeof(AliasNotFoundException);
                    }

                    Current = null;
                    _undo.Clear();
                    return null;
                default:
                    if (_archived.Contains(operation.Version) || Current == operation.Version)
                    {
                        return typeof(LifecycleTransitionException);
                    }

                    _archived.Add(operation.Version);
                    return null;
            }
        }

        private Type? MoveTo(int version)
        {
            if (_archived.Contains(version))
            {
                return typeof(LifecycleTransitionException);
            }

            if (Current == version)
            {
                return null;
            }

            if (Current is { } replaced)
            {
                _undo.Add(replaced);
            }

            Current = version;
            return null;
        }
    }
}
