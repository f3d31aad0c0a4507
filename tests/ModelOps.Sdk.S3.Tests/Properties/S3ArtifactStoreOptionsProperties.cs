using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Properties;

/// <summary>The options' rules hold for any value: accepted exactly inside the documented range, refused naming the value outside it.</summary>
public sealed class S3ArtifactStoreOptionsProperties
{
    /// <summary>An endpoint that is never called: validating makes no request.</summary>
    private const string NoServer = "http://127.0.0.1:9";

    /// <summary>Validates options the way a host does: through UseS3's options pipeline, without building an S3 client.</summary>
    private static void Validate(S3ArtifactStoreOptions configured)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UseS3(options =>
        {
            options.BucketName = configured.BucketName;
            options.ServiceUrl = configured.ServiceUrl;
            options.KeyPrefix = configured.KeyPrefix;
            options.PartSize = configured.PartSize;
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<S3ArtifactStoreOptions>>().Value;
    }

    [Property(MaxTest = 200)]
    public void PartSize_AnyValue_IsAcceptedExactlyBetweenFiveMiBAndTheMaximum(int partSize)
    {
        foreach (int value in new[] { partSize, S3ArtifactStoreOptions.MinPartSize + Math.Abs(partSize % (64 * 1024 * 1024)) })
        {
            var options = new S3ArtifactStoreOptions { BucketName = "models", ServiceUrl = NoServer, PartSize = value };
            bool valid = value is >= S3ArtifactStoreOptions.MinPartSize and <= S3ArtifactStoreOptions.MaxPartSize;

            Exception? error = Record.Exception(() => Validate(options));

            if (valid)
            {
                Assert.Null(error);
            }
            else
            {
                var failure = Assert.Single(Assert.IsType<OptionsValidationException>(error).Failures);
                Assert.Contains($"PartSize is {value.ToString(CultureInfo.InvariantCulture)} bytes", failure, StringComparison.Ordinal);
            }
        }
    }

    [Property(MaxTest = 200)]
    public void KeyPrefix_SegmentsJoinedBySingleSlashes_AreAcceptedAndAnEmptySegmentIsRefused(NonEmptyArray<PositiveInt> segmentLengths, bool addEmptySegment)
    {
        string[] segments = segmentLengths.Get.Select(l => new string('a', 1 + (l.Get % 20))).ToArray();
        string prefix = string.Join('/', addEmptySegment ? [.. segments, string.Empty] : segments);
        var options = new S3ArtifactStoreOptions { BucketName = "models", ServiceUrl = NoServer, KeyPrefix = prefix };

        Exception? error = Record.Exception(() => Validate(options));

        if (addEmptySegment || prefix.Length > 512)
        {
            Assert.Contains("KeyPrefix", Assert.Single(Assert.IsType<OptionsValidationException>(error).Failures), StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(error);
        }
    }
}
