using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ModelOps.Sdk.Abstractions.Tests.Exceptions;

public sealed class ExceptionTests
{
    [Fact]
    public void ConcurrencyConflictException_CarriesModelAliasAndBothVersions()
    {
        var ex = new ConcurrencyConflictException("credit", "champion", expectedVersion: 3, actualVersion: 4);

        Assert.Equal("credit", ex.ModelName);
        Assert.Equal("champion", ex.Alias);
        Assert.Equal(3, ex.ExpectedVersion);
        Assert.Equal(4, ex.ActualVersion);
        Assert.Contains("version 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("version 4", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ModelOpsException>(ex);
    }

    [Fact]
    public void ConcurrencyConflictException_ExpectedNoAlias_SaysNotSet()
    {
        var ex = new ConcurrencyConflictException("credit", "champion", expectedVersion: null, actualVersion: 2);

        Assert.Contains("no version (not set)", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.ExpectedVersion);
    }

    [Fact]
    public void ModelVersionNotFoundException_NamesTheExistingRange()
    {
        var ex = new ModelVersionNotFoundException("credit", 9, latestVersion: 4);

        Assert.Equal(9, ex.Version);
        Assert.Contains("1 to 4", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1 to", new ModelVersionNotFoundException("credit", 1, 0).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArtifactIntegrityException_MissingContent_SaysMissingAndKeepsExpectedHash()
    {
        var expected = new string('a', 64);
        var missing = new ArtifactIntegrityException(expected, null, "artifact of model 'credit' version 1");
        var corrupt = new ArtifactIntegrityException(expected, new string('b', 64), "artifact of model 'credit' version 1");

        Assert.Contains("missing", missing.Message, StringComparison.Ordinal);
        Assert.Null(missing.ActualSha256);
        Assert.Contains("corrupt", corrupt.Message, StringComparison.Ordinal);
        Assert.Equal(expected, corrupt.ExpectedSha256);
    }

    [Fact]
    public void LifecycleTransitionException_CarriesBothStatuses()
    {
        var ex = new LifecycleTransitionException("credit", 2, ModelVersionStatus.Archived, ModelVersionStatus.Approved, "no");

        Assert.Equal(ModelVersionStatus.Archived, ex.CurrentStatus);
        Assert.Equal(ModelVersionStatus.Approved, ex.RequestedStatus);
        Assert.Equal(2, ex.Version);
    }

    [Fact]
    public void InvalidRegistrationException_NamesModelAndField()
    {
        var ex = new InvalidRegistrationException("credit", "Metrics[\"auc\"]", "NaN is not a finite number");

        Assert.Equal("Metrics[\"auc\"]", ex.Field);
        Assert.Contains("model 'credit'", ex.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public void InvalidModelNameException_MessageNeverContainsRawControlCharacters(NonNull<string> name)
    {
        var ex = new InvalidModelNameException("model", name.Get, "a rule");

        Assert.DoesNotContain(ex.Message, char.IsControl);
        Assert.Equal(name.Get, ex.Name);
        Assert.True(ex.Message.Length < 400, "the message stays short even for a huge name");
    }

    [Fact]
    public void InvalidModelNameException_ControlCharacter_IsEscapedInTheMessage()
    {
        var ex = new InvalidModelNameException("alias", "cham\npion", "it contains a control character");

        Assert.Contains("cham\\u000apion", ex.Message, StringComparison.Ordinal);
        Assert.Equal("alias", ex.NameKind);
    }
}
