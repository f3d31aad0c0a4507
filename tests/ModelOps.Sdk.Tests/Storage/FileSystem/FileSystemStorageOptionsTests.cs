using Microsoft.Extensions.Options;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

public sealed class FileSystemStorageOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new FileSystemStorageOptions();

        string expectedRoot = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ModelOps", "registry");
        Assert.Equal(expectedRoot, options.RootPath);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LockTimeout);
        Assert.Equal(TimeSpan.FromHours(1), options.TemporaryFileRetention);
        Assert.True(new FileSystemStorageOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(7200)]
    public void Validate_LockTimeoutOutOfRange_FailsWithTheValueAndTheAllowedRange(int seconds)
    {
        var options = new FileSystemStorageOptions { LockTimeout = TimeSpan.FromSeconds(seconds) };

        ValidateOptionsResult result = new FileSystemStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        string failure = Assert.Single(result.Failures!);
        Assert.Contains($"LockTimeout is {TimeSpan.FromSeconds(seconds)}", failure, StringComparison.Ordinal);
        Assert.Contains("more than zero and at most 01:00:00", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RetentionUnderOneMinute_FailsWithTheValue()
    {
        var options = new FileSystemStorageOptions { TemporaryFileRetention = TimeSpan.FromSeconds(10) };

        ValidateOptionsResult result = new FileSystemStorageOptionsValidator().Validate(null, options);

        string failure = Assert.Single(result.Failures!);
        Assert.Contains("TemporaryFileRetention is 00:00:10", failure, StringComparison.Ordinal);
        Assert.Contains("at least 00:01:00", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BlankRootPath_FailsSayingWhatToSet()
    {
        ValidateOptionsResult result = new FileSystemStorageOptionsValidator().Validate(null, new FileSystemStorageOptions { RootPath = "  " });

        string failure = Assert.Single(result.Failures!);
        Assert.Contains("RootPath is '  '", failure, StringComparison.Ordinal);
        Assert.Contains("set it to the directory", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RootPathWithInvalidCharacter_FailsWithThePath()
    {
        ValidateOptionsResult result = new FileSystemStorageOptionsValidator().Validate(null, new FileSystemStorageOptions { RootPath = "/data/a\0b" });

        Assert.Contains("'/data/a\0b' contains characters", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationExceptionWithEveryFailure()
    {
        var options = new FileSystemStorageOptions { RootPath = null!, LockTimeout = TimeSpan.Zero };

        var exception = Assert.Throws<OptionsValidationException>(() => new FileSystemMetadataStore(options));

        Assert.Equal(2, exception.Failures.Count());
        Assert.Contains(exception.Failures, f => f.Contains("RootPath is required", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("LockTimeout is 00:00:00", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => new FileSystemArtifactStore(options));
    }
}
