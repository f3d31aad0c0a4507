using Microsoft.Extensions.Options;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>Options handed straight to the store's constructor, where no options pipeline runs, are validated all the same.</summary>
public sealed class S3ArtifactStoreOptionsTests
{
    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryProblemWithoutTheSecret()
    {
        var options = new S3ArtifactStoreOptions
        {
            BucketName = "Not_A_Bucket",
            AccessKeyId = "key-id",
            SessionToken = "session-secret",
            StagingRetention = TimeSpan.FromSeconds(5),
            MaxRetryAttempts = -1,
        };

        var error = Assert.Throws<OptionsValidationException>(() => new S3ArtifactStore(options));

        Assert.Contains(error.Failures, f => f.Contains("BucketName 'Not_A_Bucket' is not a valid bucket name", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("AccessKeyId is set but SecretAccessKey is not", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SessionToken is set without", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("StagingRetention is 00:00:05", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxRetryAttempts is -1", StringComparison.Ordinal));
        Assert.Equal(5, error.Failures.Count());
        Assert.DoesNotContain("session-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Constructor_CacheSizeLimitNotPositive_ThrowsNamingTheOptionAndValue(long limit)
    {
        var options = new S3ArtifactStoreOptions { BucketName = "models", CacheSizeLimit = limit };

        var error = Assert.Throws<OptionsValidationException>(() => new S3ArtifactStore(options));

        Assert.Equal($"S3ArtifactStoreOptions.CacheSizeLimit is {limit} bytes: set it to a positive number of bytes, or leave it unset (null) for no limit.", Assert.Single(error.Failures));
    }
}
